//! Value types that can only be built valid: each `parse` refuses bad input with a translated error.

mod city;
mod email;
mod money;
mod password;
mod phone;
mod text;

pub use city::city_key;
pub use email::Email;
pub use money::Money;
pub use password::Password;
pub use phone::PhoneNumber;
pub use text::Text;
