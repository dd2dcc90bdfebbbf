//! Rebuilds the core when a migration is added: `sqlx::migrate!` embeds the migration folders at
//! compile time but cannot tell cargo about files that did not exist at the last build.

fn main() {
    println!("cargo:rerun-if-changed=../../../migrations");
}
