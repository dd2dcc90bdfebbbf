//! Value types that can only be built valid: each `parse` refuses bad input with a translated error.

mod email;
mod password;
mod phone;
mod text;

pub use email::Email;
pub use password::Password;
pub use phone::PhoneNumber;
pub use text::Text;
