// The page's own API call: to the operator's own host, not an external transmission.
fetch("/api/greeting")
  .then((response) => response.json())
  .then((body) => { document.getElementById("greeting").textContent = body.greeting; });
