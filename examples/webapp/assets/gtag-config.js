// The Google Analytics configuration, run only once the user consents (the page declares it inert,
// with the tag it configures). The same transmission as the page's tag, declared where it is sent:
/* disclose(provider = "google-analytics",
            data = [ip_address, page_url, referrer, cookie_id, usage_history, language, screen_settings],
            purpose = [analytics], basis = consent) */
window.dataLayer = window.dataLayer || [];
function gtag() { window.dataLayer.push(arguments); }
gtag("js", new Date());
gtag("config", "G-EXAMPLE0001");
// The page view, as gtag.js sends it (sent here directly, so that a capture shows it even where
// gtag.js cannot be loaded).
navigator.sendBeacon("https://region1.google-analytics.com/g/collect?" + new URLSearchParams({
  v: "2", tid: "G-EXAMPLE0001", cid: "555.1700000000", en: "page_view",
  dl: location.href, dr: document.referrer, dt: document.title,
  ul: navigator.language, sr: screen.width + "x" + screen.height,
}));
