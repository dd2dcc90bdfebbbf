//! Every message a user can see from the core, in French (first) and English.
//!
//! A message is an enum variant, so a message without a translation does not compile.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    /// Reads `fr`, `en`, or a POSIX locale such as `en_US.UTF-8`; anything else is French.
    pub fn parse_lenient(text: &str) -> Self {
        if text.to_ascii_lowercase().starts_with("en") {
            Self::En
        } else {
            Self::Fr
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Internal,
    Forbidden,
    AlreadyExists,
    Unauthenticated,
    SessionExpired,
    InvalidCredentials,
    AccountLocked,
    AccountDisabled,
    SetupRequired,
    AlreadyInitialized,
    UnknownCommand(String),
    MissingField(String),
    WrongType(String),
    UnknownValue(String),
    UnknownField(String),
    BadArguments,
    EmailRequired,
    EmailInvalid,
    EmailTaken,
    PasswordTooShort(usize),
    PasswordTooLong(usize),
    TextRequired,
    TextTooLong(usize),
    TextHasControlCharacters,
    PhoneInvalid,
    PhoneRequired,

    AccountNotFound,
    AgencyNotFound,
    AgencyRequired,
    CompanyNameRequired,
    CustomersCannotSignIn,
    CannotChangeOwnAccess,
    WrongCurrentPassword,
    PasswordUnchanged,
    ConfigKeyUnknown(String),
    ConfigValueInvalid(String),
    NumberOutOfRange { min: i64, max: i64 },
    SecretStoreUnavailable(String),
    SameCities,
    DepartureInPast,
    CarrierRequired,
    CarrierNotFound,
    TrajetNotFound,
    TrajetFinished,
    TrajetTransition(&'static str, &'static str),
    TrajetHasPassengers(i64),
    SeatsBelowSold(i64),
    TimeInvalid,
    ScheduleEmpty,
    ZoneNotFound,
}

impl Message {
    pub fn text(&self, locale: Locale) -> String {
        match locale {
            Locale::Fr => self.fr(),
            Locale::En => self.en(),
        }
    }

    fn fr(&self) -> String {
        use Message::*;
        match self {
            Internal => "Erreur interne. L'opération n'a pas été enregistrée ; réessayez ou contactez l'administrateur.".into(),
            Forbidden => "Vous n'avez pas le droit d'effectuer cette action.".into(),
            AlreadyExists => "Cet élément existe déjà.".into(),
            Unauthenticated => "Veuillez vous connecter.".into(),
            SessionExpired => "Votre session a expiré ou a été fermée. Veuillez vous reconnecter.".into(),
            InvalidCredentials => "Adresse e-mail ou mot de passe incorrect.".into(),
            AccountLocked => "Ce compte est verrouillé après trop d'échecs de connexion. Un administrateur doit le déverrouiller.".into(),
            AccountDisabled => "Ce compte est suspendu ou désactivé. Contactez un administrateur.".into(),
            SetupRequired => "Aucun administrateur n'existe encore : terminez la première configuration.".into(),
            AlreadyInitialized => "La première configuration est déjà faite.".into(),
            UnknownCommand(name) => format!("Commande inconnue : « {name} »."),
            MissingField(field) => format!("Le champ « {field} » est obligatoire."),
            WrongType(field) => format!("Le champ « {field} » n'a pas le bon type."),
            UnknownValue(field) => format!("Valeur non reconnue pour le champ « {field} »."),
            UnknownField(field) => format!("Champ inattendu : « {field} »."),
            BadArguments => "Les données envoyées sont illisibles (un objet JSON est attendu).".into(),
            EmailRequired => "L'adresse e-mail est obligatoire.".into(),
            EmailInvalid => "L'adresse e-mail n'est pas valide.".into(),
            EmailTaken => "Un compte utilise déjà cette adresse e-mail.".into(),
            PasswordTooShort(min) => format!("Le mot de passe doit contenir au moins {min} caractères."),
            PasswordTooLong(max) => format!("Le mot de passe ne peut pas dépasser {max} caractères."),
            TextRequired => "Ce champ est obligatoire.".into(),
            TextTooLong(max) => format!("Ce champ ne peut pas dépasser {max} caractères."),
            TextHasControlCharacters => "Ce champ contient des caractères non autorisés.".into(),
            PhoneInvalid => "Numéro de téléphone invalide (exemple : +221 77 123 45 67).".into(),
            PhoneRequired => "Le numéro de téléphone est obligatoire pour ce rôle.".into(),
            AccountNotFound => "Compte introuvable.".into(),
            AgencyNotFound => "Agence introuvable.".into(),
            AgencyRequired => "Un agent doit être rattaché à une agence.".into(),
            CompanyNameRequired => "Le nom de l'entreprise est obligatoire pour un transporteur.".into(),
            CustomersCannotSignIn => "Les comptes clients ne se connectent pas au guichet.".into(),
            CannotChangeOwnAccess => "Vous ne pouvez pas modifier le rôle ou le statut de votre propre compte.".into(),
            WrongCurrentPassword => "Le mot de passe actuel est incorrect.".into(),
            PasswordUnchanged => "Le nouveau mot de passe doit être différent de l'ancien.".into(),
            ConfigKeyUnknown(key) => format!("Paramètre inconnu : « {key} »."),
            ConfigValueInvalid(key) => format!("Valeur invalide pour le paramètre « {key} »."),
            NumberOutOfRange { min, max } => format!("La valeur doit être comprise entre {min} et {max}."),
            SecretStoreUnavailable(detail) => format!("Le trousseau de secrets du système est inaccessible : {detail}"),
            SameCities => "Les villes de départ et d'arrivée doivent être différentes.".into(),
            DepartureInPast => "Le départ doit être dans le futur.".into(),
            CarrierRequired => "Choisissez le transporteur de ce trajet.".into(),
            CarrierNotFound => "Transporteur introuvable (ce compte n'a pas de profil transporteur).".into(),
            TrajetNotFound => "Trajet introuvable.".into(),
            TrajetFinished => "Ce trajet est terminé ou annulé : il ne peut plus être modifié.".into(),
            TrajetTransition(from, to) => format!("Un trajet « {} » ne peut pas passer à « {} ».", trajet_status_fr(from), trajet_status_fr(to)),
            TrajetHasPassengers(count) => format!("Ce trajet a {count} place(s) vendue(s) : décidez d'abord pour chaque réservation (remboursement ou report)."),
            SeatsBelowSold(sold) => format!("Impossible : {sold} place(s) sont déjà vendues sur ce trajet."),
            TimeInvalid => "Heure invalide (format HH:MM, par exemple 07:00).".into(),
            ScheduleEmpty => "Aucun jour ne correspond à ce programme.".into(),
            ZoneNotFound => "Zone desservie introuvable.".into(),
        }
    }

    fn en(&self) -> String {
        use Message::*;
        match self {
            Internal => "Internal error. Nothing was saved; try again or contact the administrator.".into(),
            Forbidden => "You are not allowed to do this.".into(),
            AlreadyExists => "This already exists.".into(),
            Unauthenticated => "Please sign in.".into(),
            SessionExpired => "Your session expired or was closed. Please sign in again.".into(),
            InvalidCredentials => "Wrong email address or password.".into(),
            AccountLocked => "This account is locked after too many failed sign-ins. An administrator must unlock it.".into(),
            AccountDisabled => "This account is suspended or disabled. Contact an administrator.".into(),
            SetupRequired => "No administrator exists yet: finish the first-run setup.".into(),
            AlreadyInitialized => "The first-run setup is already done.".into(),
            UnknownCommand(name) => format!("Unknown command: \"{name}\"."),
            MissingField(field) => format!("The field \"{field}\" is required."),
            WrongType(field) => format!("The field \"{field}\" has the wrong type."),
            UnknownValue(field) => format!("Unrecognised value for the field \"{field}\"."),
            UnknownField(field) => format!("Unexpected field: \"{field}\"."),
            BadArguments => "The data sent cannot be read (a JSON object is expected).".into(),
            EmailRequired => "The email address is required.".into(),
            EmailInvalid => "The email address is not valid.".into(),
            EmailTaken => "An account already uses this email address.".into(),
            PasswordTooShort(min) => format!("The password must have at least {min} characters."),
            PasswordTooLong(max) => format!("The password cannot be longer than {max} characters."),
            TextRequired => "This field is required.".into(),
            TextTooLong(max) => format!("This field cannot be longer than {max} characters."),
            TextHasControlCharacters => "This field contains characters that are not allowed.".into(),
            PhoneInvalid => "Invalid phone number (example: +221 77 123 45 67).".into(),
            PhoneRequired => "A phone number is required for this role.".into(),
            AccountNotFound => "Account not found.".into(),
            AgencyNotFound => "Agency not found.".into(),
            AgencyRequired => "An agent must belong to an agency.".into(),
            CompanyNameRequired => "A carrier account needs a company name.".into(),
            CustomersCannotSignIn => "Customer accounts do not sign in at the desk.".into(),
            CannotChangeOwnAccess => "You cannot change the role or status of your own account.".into(),
            WrongCurrentPassword => "The current password is wrong.".into(),
            PasswordUnchanged => "The new password must differ from the old one.".into(),
            ConfigKeyUnknown(key) => format!("Unknown setting: \"{key}\"."),
            ConfigValueInvalid(key) => format!("Invalid value for the setting \"{key}\"."),
            NumberOutOfRange { min, max } => format!("The value must be between {min} and {max}."),
            SecretStoreUnavailable(detail) => format!("The system keyring cannot be reached: {detail}"),
            SameCities => "The departure and arrival cities must differ.".into(),
            DepartureInPast => "The departure must be in the future.".into(),
            CarrierRequired => "Choose the carrier of this trajet.".into(),
            CarrierNotFound => "Carrier not found (this account has no carrier profile).".into(),
            TrajetNotFound => "Trajet not found.".into(),
            TrajetFinished => "This trajet is completed or cancelled: it can no longer be changed.".into(),
            TrajetTransition(from, to) => format!("A \"{from}\" trajet cannot become \"{to}\"."),
            TrajetHasPassengers(count) => format!("This trajet has {count} sold seat(s): first decide for each reservation (refund or move)."),
            SeatsBelowSold(sold) => format!("Not possible: {sold} seat(s) are already sold on this trajet."),
            TimeInvalid => "Invalid time (HH:MM, for example 07:00).".into(),
            ScheduleEmpty => "No day matches this schedule.".into(),
            ZoneNotFound => "Served zone not found.".into(),
        }
    }
}

fn trajet_status_fr(status: &str) -> &'static str {
    match status {
        "active" => "actif",
        "suspended" => "suspendu",
        "cancelled" => "annulé",
        "completed" => "terminé",
        _ => "inconnu",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_locales_starting_with_en_are_english_and_everything_else_french() {
        assert_eq!(Locale::parse_lenient("en_US.UTF-8"), Locale::En);
        assert_eq!(Locale::parse_lenient("fr_SN"), Locale::Fr);
        assert_eq!(Locale::parse_lenient(""), Locale::Fr);
    }

    #[test]
    fn messages_are_french_by_default_and_english_on_request() {
        assert!(Message::InvalidCredentials
            .text(Locale::default())
            .contains("mot de passe"));
        assert!(Message::InvalidCredentials
            .text(Locale::En)
            .contains("password"));
    }
}
