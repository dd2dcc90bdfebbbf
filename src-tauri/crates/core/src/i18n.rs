//! Every message a user can see from the core, in French (first) and English.
//!
//! A message is an enum variant, so a message without a translation does not compile.

use chrono::{DateTime, Utc};
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
    NumberOutOfRange {
        min: i64,
        max: i64,
    },
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
    TermsRefundable {
        fee_percent: i64,
        hours: i64,
        change_hours: i64,
    },
    TermsNonRefundable {
        change_hours: i64,
    },
    NotEnoughSeats,
    SeatTaken(i64),
    SeatsRequired,
    SeatOutOfRange(i64, i64),
    SeatTwice(i64),
    SeatsCountMustStay(usize),
    ReferenceInvalid,
    ReservationNotFound(String),
    LookupInvalid,
    TrajetNotOnSale,
    DepartureGone,
    CustomerNotFound,
    CustomerPhoneTaken,
    ReturnNotBack,
    ReturnSeatsCount(usize),
    ReturnSeatsWithoutReturn,
    CashShort,
    ReservationClosed(&'static str),
    ChangeTooLate(i64),
    NotSameRoute,
    ReissuedAs(String),
    NotAPassengerOfTrajet,
    DecisionTwice(String),
    DecisionMissing(String),
    NotATicketCode,
    TicketForged,
    TicketUnknownDesk,
    TicketForOtherDeparture {
        from: String,
        to: String,
        at: DateTime<Utc>,
    },
    AlreadyBoarded(DateTime<Utc>),
    TicketNotPaid,
    TicketCancelled,
    TicketOutdated,
    NotDepartedYet,
    TillNotOpen,
    TillAlreadyOpen,
    TillSessionNotFound,
    ProviderNotConfigured,
    ProviderKeyRequired,
    PayerPhoneRequired,
    PayerPhoneOnlyMobile,
    CashOnlyField,
    PaymentNotFound,
    PaymentNotFailed,
    HoldReleased,
    HoldExpired(i64),
    RefundNotDue,
    MethodCash,
    MethodMobileMoney,
    MethodCard,
    ParcelsNotTaken,
    TariffNotFound,
    TariffBandInvalid,
    NoTariff {
        to: String,
        weight_g: i64,
    },
    DimensionsIncomplete,
    ColisRequired,
    TooManyColis(usize),
    SenderRequired,
    SenderTwice,
    EnvoiNotFound,
    ColisNotFound(String),
    TrackingCodeInvalid,
    ParcelTransition {
        piece: String,
        from: crate::parcels::ColisStatus,
        to: crate::parcels::ColisStatus,
    },
    EnvoiTransition {
        from: crate::parcels::EnvoiStatus,
        to: crate::parcels::EnvoiStatus,
    },
    TrajetRefusesParcels,
    ParcelTooHeavy {
        piece: String,
        max_g: i64,
    },
    ZoneCapacityExceeded {
        city: String,
        capacity_g: i64,
        loaded_g: i64,
    },
    TrajetOtherDestination(String),
    TrajetOtherCarrier,
    EnvoiNotPaid,
    EnvoiCancelled,
    RecipientPhoneMismatch,
    DeliveryCodeWrong(i64),
    DeliveryBlocked,
    DeliveryCodeFormat,
    NothingToDeliver,
    CollectOnDeliveryFirst,
    CollectOnDeliveryCashOnly,
    CannotCancelShipped,
    DestinationNotServed(String),
    SenderPhoneMismatch,
    EnvoiClosed,
    EnvoiPaymentPending,
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
            TermsRefundable { fee_percent, hours, change_hours } => format!("Billet remboursable : annulé au moins {hours} h avant le départ, il est remboursé moins {fee_percent} % de frais (le supplément n'est pas remboursé). Changement de date ou de siège possible jusqu'à {change_hours} h avant le départ."),
            TermsNonRefundable { change_hours } => format!("Billet non remboursable. Changement de date ou de siège possible jusqu'à {change_hours} h avant le départ."),
            NotEnoughSeats => "Il ne reste pas assez de places sur ce départ.".into(),
            SeatTaken(seat) => format!("La place {seat} vient d'être prise : choisissez-en une autre."),
            SeatsRequired => "Choisissez au moins une place pour chaque passager.".into(),
            SeatOutOfRange(seat, count) => format!("La place {seat} n'existe pas (places 1 à {count})."),
            SeatTwice(seat) => format!("La place {seat} est choisie deux fois."),
            SeatsCountMustStay(count) => format!("Choisissez exactement {count} place(s), autant que la réservation en compte."),
            ReferenceInvalid => "Référence de réservation invalide (12 caractères, par exemple K7QM-4XR9-PT2C).".into(),
            ReservationNotFound(reference) => format!("Aucune réservation « {reference} »."),
            LookupInvalid => "Saisissez une référence de réservation, scannez un billet ou entrez un numéro de téléphone.".into(),
            TrajetNotOnSale => "Ce départ n'est pas en vente (suspendu, annulé ou terminé).".into(),
            DepartureGone => "Ce départ a déjà eu lieu.".into(),
            CustomerNotFound => "Client introuvable.".into(),
            CustomerPhoneTaken => "Un client est déjà enregistré avec ce numéro de téléphone.".into(),
            ReturnNotBack => "Le retour doit partir de la ville d'arrivée vers la ville de départ, après l'aller.".into(),
            ReturnSeatsCount(count) => format!("Choisissez {count} place(s) au retour, autant qu'à l'aller."),
            ReturnSeatsWithoutReturn => "Des places de retour sont choisies sans départ retour.".into(),
            CashShort => "Le montant remis est inférieur au total à payer.".into(),
            ReservationClosed(status) => format!("Cette réservation est « {} » : impossible de la modifier.", reservation_status_fr(status)),
            ChangeTooLate(hours) => format!("Trop tard : un billet peut changer de date ou de siège jusqu'à {hours} h avant le départ."),
            NotSameRoute => "Choisissez un autre départ du même trajet (mêmes villes).".into(),
            ReissuedAs(reference) => format!("Remplacée par la réservation {reference}"),
            NotAPassengerOfTrajet => "Cette référence n'est pas une réservation en cours de ce départ.".into(),
            DecisionTwice(reference) => format!("Deux décisions pour la réservation {reference}."),
            DecisionMissing(reference) => format!("Décidez du sort de la réservation {reference} (remboursement ou report) avant d'annuler le départ."),
            NotATicketCode => "Ce code n'est pas celui d'un billet Billettigue.".into(),
            TicketForged => "Billet FALSIFIÉ : sa signature ne correspond pas. Refusez l'embarquement.".into(),
            TicketUnknownDesk => "Billet émis par un guichet inconnu de ce poste : synchronisez puis réessayez, ou saisissez la référence.".into(),
            TicketForOtherDeparture { from, to, at } => format!("Ce billet est pour un autre départ : {from} → {to}, le {}.", at.format("%d/%m/%Y à %H:%M")),
            AlreadyBoarded(at) => format!("Ce passager a déjà embarqué (le {}).", at.format("%d/%m/%Y à %H:%M")),
            TicketNotPaid => "Ce billet n'est pas payé.".into(),
            TicketCancelled => "Ce billet a été annulé.".into(),
            TicketOutdated => "Ce billet n'est plus à jour (places changées) : réimprimez-le.".into(),
            NotDepartedYet => "Ce départ n'a pas encore eu lieu.".into(),
            TillNotOpen => "Aucune caisse ouverte : ouvrez votre caisse avant tout mouvement d'espèces.".into(),
            TillAlreadyOpen => "Votre caisse est déjà ouverte.".into(),
            TillSessionNotFound => "Session de caisse introuvable.".into(),
            ProviderNotConfigured => "Le paiement mobile et par carte n'est pas configuré : un administrateur doit renseigner le fournisseur de paiement.".into(),
            ProviderKeyRequired => "La clé d'API du fournisseur est obligatoire.".into(),
            PayerPhoneRequired => "Le numéro de téléphone du payeur est obligatoire pour le mobile money.".into(),
            PayerPhoneOnlyMobile => "Un numéro de payeur ne s'indique que pour le mobile money.".into(),
            CashOnlyField => "Le montant remis ne s'indique que pour un paiement en espèces.".into(),
            PaymentNotFound => "Paiement introuvable.".into(),
            PaymentNotFailed => "Seul un paiement échoué peut être repris.".into(),
            HoldReleased => "Les places de ce paiement ont été libérées : refaites la vente.".into(),
            HoldExpired(minutes) => format!("Paiement non abouti : places libérées après {minutes} min."),
            RefundNotDue => "Aucun remboursement en espèces en attente sous cette référence.".into(),
            MethodCash => "Espèces".into(),
            MethodMobileMoney => "Mobile money".into(),
            MethodCard => "Carte".into(),
            ParcelsNotTaken => "Votre agence ne prend pas de colis : un administrateur peut l'y autoriser.".into(),
            TariffNotFound => "Ligne de tarif introuvable.".into(),
            TariffBandInvalid => "Le poids maximal de la tranche doit être supérieur à son poids minimal.".into(),
            NoTariff { to, weight_g } => format!("Aucun tarif ne couvre un colis de {} pour {to} : complétez la grille tarifaire.", kilograms_fr(*weight_g)),
            DimensionsIncomplete => "Indiquez les trois dimensions (L × l × h, en cm) ou aucune.".into(),
            ColisRequired => "Un envoi compte au moins un colis.".into(),
            TooManyColis(max) => format!("Un envoi compte au plus {max} colis."),
            SenderRequired => "Choisissez l'expéditeur (client connu) ou saisissez un nouvel expéditeur.".into(),
            SenderTwice => "Choisissez un client connu ou un nouvel expéditeur, pas les deux.".into(),
            EnvoiNotFound => "Envoi introuvable.".into(),
            ColisNotFound(code) => format!("Colis introuvable : {code}."),
            TrackingCodeInvalid => "Ce code de suivi n'est pas valide : vérifiez-le (12 caractères, par ex. K7Q-M4X-R9P-T2C).".into(),
            ParcelTransition { piece, from, to } => format!("Le colis {piece} est « {} » : il ne peut pas passer à « {} ».", from.label(Locale::Fr), to.label(Locale::Fr)),
            EnvoiTransition { from, to } => format!("L'envoi est « {} » : il ne peut pas passer à « {} ».", from.label(Locale::Fr), to.label(Locale::Fr)),
            TrajetRefusesParcels => "Ce départ ne prend pas de colis.".into(),
            ParcelTooHeavy { piece, max_g } => format!("Le colis {piece} dépasse le poids maximal de ce départ ({}).", kilograms_fr(*max_g)),
            ZoneCapacityExceeded { city, capacity_g, loaded_g } => format!("La capacité colis vers {city} est de {} par départ ; {} y sont déjà chargés.", kilograms_fr(*capacity_g), kilograms_fr(*loaded_g)),
            TrajetOtherDestination(city) => format!("Ce départ ne va pas à {city}, la destination de l'envoi."),
            TrajetOtherCarrier => "Ce départ appartient à un autre transporteur que celui de l'envoi.".into(),
            EnvoiNotPaid => "L'envoi n'est pas encore payé : encaissez-le avant de le charger.".into(),
            EnvoiCancelled => "Cet envoi est annulé.".into(),
            RecipientPhoneMismatch => "Ce numéro n'est pas celui du destinataire de l'envoi.".into(),
            DeliveryCodeWrong(left) => format!("Code de livraison incorrect. Encore {left} essai(s) avant blocage."),
            DeliveryBlocked => "Trop de codes erronés : la remise est bloquée. L'expéditeur doit faire émettre un nouveau code.".into(),
            DeliveryCodeFormat => "Le code de livraison compte 6 chiffres.".into(),
            NothingToDeliver => "Aucun colis de cet envoi n'est arrivé pour être remis.".into(),
            CollectOnDeliveryFirst => "Cet envoi est payable à la livraison : encaissez le montant dû avant la remise.".into(),
            CollectOnDeliveryCashOnly => "Le paiement à la livraison se fait en espèces, à la caisse.".into(),
            CannotCancelShipped => "Un envoi dont un colis est parti ne peut plus être annulé.".into(),
            SenderPhoneMismatch => "Ce numéro n'est pas celui de l'expéditeur de l'envoi.".into(),
            EnvoiClosed => "Cet envoi est clos (livré ou annulé).".into(),
            EnvoiPaymentPending => "Un paiement de cet envoi attend la réponse du fournisseur : vérifiez-le avant d'annuler.".into(),
            DestinationNotServed(city) => format!("Ce transporteur ne dessert pas {city} : choisissez une ville de ses zones ou de ses départs."),
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
            TermsRefundable { fee_percent, hours, change_hours } => format!("Refundable ticket: cancelled at least {hours} h before departure, it is refunded minus a {fee_percent}% fee (the supplement is not refunded). Date or seat can be changed until {change_hours} h before departure."),
            TermsNonRefundable { change_hours } => format!("Non-refundable ticket. Date or seat can be changed until {change_hours} h before departure."),
            NotEnoughSeats => "Not enough seats left on this departure.".into(),
            SeatTaken(seat) => format!("Seat {seat} has just been taken: choose another one."),
            SeatsRequired => "Choose at least one seat for each passenger.".into(),
            SeatOutOfRange(seat, count) => format!("Seat {seat} does not exist (seats 1 to {count})."),
            SeatTwice(seat) => format!("Seat {seat} is chosen twice."),
            SeatsCountMustStay(count) => format!("Choose exactly {count} seat(s), as many as the reservation holds."),
            ReferenceInvalid => "Invalid booking reference (12 characters, for example K7QM-4XR9-PT2C).".into(),
            ReservationNotFound(reference) => format!("No reservation \"{reference}\"."),
            LookupInvalid => "Type a booking reference, scan a ticket or enter a phone number.".into(),
            TrajetNotOnSale => "This departure is not on sale (suspended, cancelled or completed).".into(),
            DepartureGone => "This departure has already left.".into(),
            CustomerNotFound => "Customer not found.".into(),
            CustomerPhoneTaken => "A customer is already registered with this phone number.".into(),
            ReturnNotBack => "The return must go from the arrival city back to the departure city, after the outbound.".into(),
            ReturnSeatsCount(count) => format!("Choose {count} return seat(s), as many as outbound."),
            ReturnSeatsWithoutReturn => "Return seats are chosen without a return departure.".into(),
            CashShort => "The cash handed over is less than the total due.".into(),
            ReservationClosed(status) => format!("This reservation is \"{status}\": it cannot be changed."),
            ChangeTooLate(hours) => format!("Too late: a ticket can change date or seat until {hours} h before departure."),
            NotSameRoute => "Choose another departure of the same route (same cities).".into(),
            ReissuedAs(reference) => format!("Replaced by reservation {reference}"),
            NotAPassengerOfTrajet => "This reference is not a live reservation of this departure.".into(),
            DecisionTwice(reference) => format!("Two decisions for reservation {reference}."),
            DecisionMissing(reference) => format!("Decide what happens to reservation {reference} (refund or move) before cancelling the departure."),
            NotATicketCode => "This code is not a Billettigue ticket's.".into(),
            TicketForged => "FORGED ticket: its signature does not match. Refuse boarding.".into(),
            TicketUnknownDesk => "Ticket issued by a desk this one does not know yet: sync and try again, or type the reference.".into(),
            TicketForOtherDeparture { from, to, at } => format!("This ticket is for another departure: {from} → {to}, on {}.", at.format("%d/%m/%Y at %H:%M")),
            AlreadyBoarded(at) => format!("This passenger has already boarded (on {}).", at.format("%d/%m/%Y at %H:%M")),
            TicketNotPaid => "This ticket is not paid.".into(),
            TicketCancelled => "This ticket was cancelled.".into(),
            TicketOutdated => "This ticket is out of date (seats changed): reprint it.".into(),
            NotDepartedYet => "This departure has not left yet.".into(),
            TillNotOpen => "No till is open: open your till before any cash movement.".into(),
            TillAlreadyOpen => "Your till is already open.".into(),
            TillSessionNotFound => "Till session not found.".into(),
            ProviderNotConfigured => "Mobile money and card payments are not set up: an administrator must configure the payment provider.".into(),
            ProviderKeyRequired => "The provider's API key is required.".into(),
            PayerPhoneRequired => "The payer's phone number is required for mobile money.".into(),
            PayerPhoneOnlyMobile => "A payer's phone number is only given for mobile money.".into(),
            CashOnlyField => "Cash handed over is only given for a cash payment.".into(),
            PaymentNotFound => "Payment not found.".into(),
            PaymentNotFailed => "Only a failed payment can be taken again.".into(),
            HoldReleased => "The seats of this payment were released: make the sale again.".into(),
            HoldExpired(minutes) => format!("Payment not completed: seats released after {minutes} min."),
            RefundNotDue => "No cash refund is owed under this reference.".into(),
            MethodCash => "Cash".into(),
            MethodMobileMoney => "Mobile money".into(),
            MethodCard => "Card".into(),
            ParcelsNotTaken => "Your agency does not take parcels: an administrator can allow it.".into(),
            TariffNotFound => "Tariff line not found.".into(),
            TariffBandInvalid => "The band's maximum weight must be above its minimum weight.".into(),
            NoTariff { to, weight_g } => format!("No tariff covers a {} parcel to {to}: complete the tariff grid.", kilograms_en(*weight_g)),
            DimensionsIncomplete => "Give all three dimensions (L × W × H, in cm) or none.".into(),
            ColisRequired => "A shipment has at least one parcel.".into(),
            TooManyColis(max) => format!("A shipment has at most {max} parcels."),
            SenderRequired => "Choose the sender (a known customer) or enter a new sender.".into(),
            SenderTwice => "Choose a known customer or a new sender, not both.".into(),
            EnvoiNotFound => "Shipment not found.".into(),
            ColisNotFound(code) => format!("Parcel not found: {code}."),
            TrackingCodeInvalid => "This tracking code is not valid: check it (12 characters, e.g. K7Q-M4X-R9P-T2C).".into(),
            ParcelTransition { piece, from, to } => format!("Parcel {piece} is \"{}\": it cannot become \"{}\".", from.label(Locale::En), to.label(Locale::En)),
            EnvoiTransition { from, to } => format!("The shipment is \"{}\": it cannot become \"{}\".", from.label(Locale::En), to.label(Locale::En)),
            TrajetRefusesParcels => "This departure does not take parcels.".into(),
            ParcelTooHeavy { piece, max_g } => format!("Parcel {piece} is over this departure's maximum weight ({}).", kilograms_en(*max_g)),
            ZoneCapacityExceeded { city, capacity_g, loaded_g } => format!("Parcel capacity to {city} is {} per departure; {} are already loaded.", kilograms_en(*capacity_g), kilograms_en(*loaded_g)),
            TrajetOtherDestination(city) => format!("This departure does not go to {city}, the shipment's destination."),
            TrajetOtherCarrier => "This departure belongs to another carrier than the shipment's.".into(),
            EnvoiNotPaid => "The shipment is not paid yet: take payment before loading it.".into(),
            EnvoiCancelled => "This shipment is cancelled.".into(),
            RecipientPhoneMismatch => "This is not the recipient's phone number.".into(),
            DeliveryCodeWrong(left) => format!("Wrong delivery code. {left} attempt(s) left before delivery is blocked."),
            DeliveryBlocked => "Too many wrong codes: delivery is blocked. The sender must have a new code issued.".into(),
            DeliveryCodeFormat => "The delivery code has 6 digits.".into(),
            NothingToDeliver => "None of this shipment's parcels has arrived to be handed over.".into(),
            CollectOnDeliveryFirst => "This shipment is paid on delivery: take the amount due before handing it over.".into(),
            CollectOnDeliveryCashOnly => "Payment on delivery is taken in cash, at the till.".into(),
            CannotCancelShipped => "A shipment with a parcel already on its way can no longer be cancelled.".into(),
            SenderPhoneMismatch => "This is not the sender's phone number.".into(),
            EnvoiClosed => "This shipment is closed (delivered or cancelled).".into(),
            EnvoiPaymentPending => "A payment for this shipment is waiting for the provider's answer: check it before cancelling.".into(),
            DestinationNotServed(city) => format!("This carrier does not serve {city}: choose a city of its zones or departures."),
        }
    }
}

fn reservation_status_fr(status: &str) -> &'static str {
    match status {
        "pending" => "en attente",
        "confirmed" => "confirmée",
        "cancelled" => "annulée",
        "completed" => "embarquée",
        "refunded" => "remboursée",
        _ => "inconnue",
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

/// A weight in grams as French writes kilograms: `2,5 kg`.
fn kilograms_fr(grams: i64) -> String {
    kilograms_en(grams).replace('.', ",")
}

/// A weight in grams as kilograms with at most two decimals: `2.5 kg`.
fn kilograms_en(grams: i64) -> String {
    let text = format!("{:.2}", grams as f64 / 1000.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} kg")
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
    fn a_refused_parcel_move_names_the_statuses_in_the_readers_language() {
        use crate::parcels::ColisStatus;
        let refused = Message::ParcelTransition {
            piece: "K7Q-M4X-R9P-T2C/1".into(),
            from: ColisStatus::Shipped,
            to: ColisStatus::Packaged,
        };
        assert!(refused.text(Locale::Fr).contains("« expédié »"));
        assert!(refused.text(Locale::En).contains("\"shipped\""));
        assert!(!refused.text(Locale::En).contains("expédié"));
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
