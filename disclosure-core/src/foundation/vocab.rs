//! The closed sets every stage speaks of: how information is sent, on which legal basis, what an
//! opt-out stops and how far, what a recipient is to the data, how a data item is transformed,
//! where a request key travels. Each is declared once (`choices!`); the catalogue parses them, the
//! annotation grammar accepts them, the model carries them, the view words them.

crate::choices! {
    /// Why a transmission may happen (TBA Art. 27-12): published in the notice (the default), with
    /// the user's consent, under an opt-out measure, or as information essential for the service.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum Basis("basis") {
        /// Made known in the notice (法27条の12 本文).
        #[default]
        Notice = "notice",
        /// Sent with the user's consent (第3号).
        Consent = "consent",
        /// An opt-out measure is in place, and its details are published (第4号).
        OptOut = "opt_out",
        /// Essential for providing the service (第1号, 施行規則 第22条の2の28); needs a reason.
        Essential = "essential",
    }

    /// What an opt-out stops.
    #[non_exhaustive]
    pub enum Stops("stops") {
        /// The sending itself.
        Sending = "sending",
        /// The recipient's use of what was sent.
        Use = "use",
        /// Both.
        Both = "both",
        /// Only the personalisation of what the recipient shows (ads); the sending goes on. Never
        /// an opt-out of the transmission.
        Personalisation = "personalisation",
    }

    /// How information leaves the user's device.
    #[non_exhaustive]
    pub enum Mechanism("mechanism") {
        /// A script or tag embedded in a web page.
        Tag = "tag",
        /// A software development kit (information-collection module) built into an app or page.
        Sdk = "sdk",
        /// A cookie set for the recipient.
        Cookie = "cookie",
        /// A request from the user's device to the recipient's API.
        ServerApi = "server_api",
        /// A social button (a share or like button) or another plugin of the recipient embedded
        /// in a web page.
        SocialPlugin = "social_plugin",
    }

    /// How a data item is obtained.
    #[non_exhaustive]
    pub enum Collection("collection") {
        /// Obtained automatically, without the user entering it.
        Automatic = "automatic",
        /// Entered by the user.
        Entered = "entered",
    }

    /// How a user stops a transmission.
    #[non_exhaustive]
    pub enum OptOutMethod("opt-out method") {
        /// A setting in the app or on the site.
        AppSetting = "app_setting",
        /// A setting of the device's operating system.
        OsSetting = "os_setting",
        /// A setting of the browser.
        BrowserSetting = "browser_setting",
        /// A form on the recipient's or the operator's page.
        WebForm = "web_form",
        /// Asking the operator or the recipient.
        Contact = "contact",
        /// Deleting the account.
        AccountDeletion = "account_deletion",
    }

    /// Where a transmission leaves from. Only transmissions from the user's device are external
    /// transmissions under Art. 27-12; those from the operator's servers are not, and are
    /// published, if at all, in a section of their own.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum Origin("origin") {
        /// The user's device (a page, an app): the default.
        #[default]
        Device = "device",
        /// The operator's own servers.
        Server = "server",
    }

    /// How a data item is transformed before it is sent.
    #[non_exhaustive]
    pub enum Qualifier("qualifier") {
        /// Sent as a hash of the value, never the value itself.
        Hashed = "hashed",
        /// Replaced by an identifier that cannot be tied to the person without other information.
        Pseudonymised = "pseudonymised",
        /// Made anonymous: it can no longer be tied to a person.
        Anonymised = "anonymised",
    }

    /// What kind of identifier a data item is.
    #[non_exhaustive]
    pub enum Identifier("identifier kind") {
        /// Not an identifier.
        None = "none",
        /// Identifies a browser through a cookie.
        Cookie = "cookie",
        /// Identifies a device or an installation.
        Device = "device",
        /// An advertising identifier (IDFA, AAID).
        Advertising = "advertising",
        /// Identifies an account (a user id, a login id).
        Account = "account",
        /// Identifies a person directly (a name, an email address, a phone number).
        Person = "person",
    }

    /// Which of the exemptions for information the service cannot work without (施行規則
    /// 第22条の2の28) a purpose falls under. Only a purpose with one may be sent with
    /// `basis = essential`.
    #[non_exhaustive]
    pub enum Exemption("exemption") {
        /// Showing the service correctly on the device (OS, screen, language settings).
        Display = "display",
        /// Keeping what the user entered (a cart, a form).
        Input = "input",
        /// Authenticating the user.
        Authentication = "authentication",
        /// Security measures.
        Security = "security",
        /// Network management and load balancing.
        Network = "network",
    }

    /// What a recipient is to the operator's users' data.
    #[non_exhaustive]
    pub enum Role("role") {
        /// It handles the data only on the operator's instructions (a processor).
        Processor = "processor",
        /// It also uses the data for its own purposes (an independent controller).
        Controller = "controller",
    }

    /// How far an opt-out reaches.
    #[non_exhaustive]
    pub enum Reach("reach") {
        /// The browser it is set in.
        Browser = "browser",
        /// The device (an OS setting, an app's own setting).
        Device = "device",
        /// A signed-in account, wherever it is used.
        Account = "account",
    }

    /// How serious a rule or a lint is.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum Level("level") {
        /// A violation fails the check (exit status 1).
        #[default]
        Deny = "deny",
        /// A violation is printed; the check passes.
        Warn = "warn",
        /// Matches are allowed (the rule documents a decision, or is switched off).
        Allow = "allow",
    }

    /// Where a key of a request travels.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum Place("place") {
        /// The URL's query.
        Query = "query",
        /// A form body (`application/x-www-form-urlencoded`, or one such hit per line).
        Form = "form",
        /// A JSON body, by path.
        Json = "json",
        /// Anywhere.
        #[default]
        Any = "any",
    }
}

impl Mechanism {
    /// Whether it sends from the user's device (a tag, an SDK, a cookie, a social button): never
    /// said of a transmission from the operator's servers.
    pub fn from_device(self) -> bool {
        matches!(
            self,
            Mechanism::Tag | Mechanism::Sdk | Mechanism::Cookie | Mechanism::SocialPlugin
        )
    }
}

impl Stops {
    /// Whether it stops the transmission or the recipient's use of it (an opt-out measure of
    /// Art. 27-12 item 4), rather than only personalisation.
    pub fn is_opt_out(self) -> bool {
        !matches!(self, Stops::Personalisation)
    }
}
