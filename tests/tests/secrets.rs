//! The secret stores, for real: the kernel keyring shared by the processes of one session, the
//! default store in a real Secret Service (gnome-keyring on a private session bus), and the
//! refusal to start, with a clear message, when the desktop keyring cannot be reached.

use std::path::Path;
use std::process::Command;

use billettigue_tests::binaries::debug_binary;

const EMAIL: &str = "mariama.ba@billettigue.sn";
const PASSWORD: &str = "Kernel-Keyring-2026";

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("temporary directory")
        .filter_map(|entry| {
            entry
                .ok()
                .map(|e| e.file_name().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

#[test]
fn the_kernel_keyring_keeps_the_signing_key_for_every_process_of_the_session() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let cli = debug_binary("billettigue-cli");
    let db = dir.path().join("desk.db");
    // Three processes in one new session keyring: init, login, then a call with the token.
    // The token verifies only if the third process read the key the first one stored.
    let script = r#"set -e
printf '%s\n' "$PASSWORD" | "$CLI" --db "$DB" init --admin-email "$EMAIL" >/dev/null
token=$(printf '%s\n' "$PASSWORD" | "$CLI" --db "$DB" login --email "$EMAIL" | sed -E 's/.*"token":"([^"]+)".*/\1/')
"$CLI" --db "$DB" call auth.me --token "$token""#;
    let output = Command::new("keyctl")
        .args(["session", "-", "sh", "-c", script])
        .env("CLI", &cli)
        .env("DB", &db)
        .env("EMAIL", EMAIL)
        .env("PASSWORD", PASSWORD)
        .env("BILLETTIGUE_SECRET_STORE", "keyutils")
        .output()
        .expect("keyctl (package keyutils) runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(EMAIL),
        "auth.me in the same session failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The key went to the kernel, not to a file beside the database.
    for name in files_in(dir.path()) {
        assert!(
            name.starts_with("desk.db"),
            "unexpected file {name} beside the database"
        );
    }
}

#[test]
fn a_later_session_of_the_same_user_still_finds_the_key_in_the_persistent_keyring() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let cli = debug_binary("billettigue-cli");
    let db = dir.path().join("desk.db");
    let in_session = |script: &str| {
        Command::new("keyctl")
            .args(["session", "-", "sh", "-c", script])
            .env("CLI", &cli)
            .env("DB", &db)
            .env("EMAIL", EMAIL)
            .env("PASSWORD", PASSWORD)
            .env("BILLETTIGUE_SECRET_STORE", "keyutils")
            .output()
            .expect("keyctl (package keyutils) runs")
    };
    let login = in_session(
        r#"set -e
printf '%s\n' "$PASSWORD" | "$CLI" --db "$DB" init --admin-email "$EMAIL" >/dev/null
printf '%s\n' "$PASSWORD" | "$CLI" --db "$DB" login --email "$EMAIL" | sed -E 's/.*"token":"([^"]+)".*/\1/'"#,
    );
    assert!(
        login.status.success(),
        "{}",
        String::from_utf8_lossy(&login.stderr)
    );
    let token = String::from_utf8_lossy(&login.stdout).trim().to_owned();
    // keyutils also links the key into the user's persistent keyring, so a new session (a
    // restart of the desk, a new terminal) keeps the same signing key and the token still works.
    let call = in_session(&format!(
        r#""$CLI" --db "$DB" call auth.me --token '{token}'"#
    ));
    let stdout = String::from_utf8_lossy(&call.stdout);
    assert!(
        call.status.success() && stdout.contains(EMAIL),
        "the token was refused: {stdout}"
    );
}

#[test]
fn without_a_desktop_keyring_the_desk_refuses_to_start_and_names_the_explicit_choices() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let output = Command::new(debug_binary("billettigue-cli"))
        .args(["--secret-store", "os", "--lang", "en", "--db"])
        .arg(dir.path().join("desk.db"))
        .args(["call", "setup.status"])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/billettigue-test-bus",
        )
        .output()
        .expect("the CLI runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success(),
        "started without a keyring: {stdout}"
    );
    let error: serde_json::Value = serde_json::from_str(stdout.trim()).expect("an error as JSON");
    assert_eq!(error["code"], "unavailable");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("keyring") && message.contains("BILLETTIGUE_SECRET_STORE"),
        "{message}"
    );
    // Nothing was written in its place: no plaintext secret, not even the database.
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

#[test]
fn the_default_os_store_keeps_the_signing_key_in_a_real_secret_service() {
    let dir = tempfile::tempdir().expect("temporary directory");
    // The keyring daemon's own files (login.keyring, its control socket) go to a home of their
    // own, so that the desk's directory shows only what the desk wrote.
    let home = tempfile::tempdir().expect("temporary home");
    let cli = debug_binary("billettigue-cli");
    let db = dir.path().join("desk.db");
    // A private session bus with an unlocked gnome-keyring serving org.freedesktop.secrets; the
    // bus and the daemon end with the script. init, login, then a call with the token: it
    // verifies only if the third process read the key the first one stored. The daemon takes
    // its bus name a moment after it returns: a client asking before that would have the bus
    // activate a second, locked daemon, so wait for the name. secret-tool prints the stored
    // items' attributes (not their secrets) on stderr.
    let script = r#"set -e
eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
n=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q 'boolean true'; do
  n=$((n + 1)); [ "$n" -lt 100 ] || { echo "gnome-keyring never took org.freedesktop.secrets" >&2; exit 1; }
  sleep 0.05
done
printf '%s\n' "$PASSWORD" | "$CLI" --db "$DB" init --admin-email "$EMAIL" >/dev/null
token=$(printf '%s\n' "$PASSWORD" | "$CLI" --db "$DB" login --email "$EMAIL" | sed -E 's/.*"token":"([^"]+)".*/\1/')
"$CLI" --db "$DB" call auth.me --token "$token"
secret-tool search --all service billettigue-desk 2>&1 >/dev/null"#;
    let mut command = Command::new("dbus-run-session");
    command
        .args(["--", "sh", "-c", script])
        .env("CLI", &cli)
        .env("DB", &db)
        .env("EMAIL", EMAIL)
        .env("PASSWORD", "Secret-Service-2026")
        .env("HOME", home.path())
        // The default store, as a desktop user gets it.
        .env_remove("BILLETTIGUE_SECRET_STORE");
    // Never reach the developer's own keyring: no inherited bus, control socket or data dirs.
    for name in [
        "DBUS_SESSION_BUS_ADDRESS",
        "GNOME_KEYRING_CONTROL",
        "XDG_RUNTIME_DIR",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "XDG_CONFIG_HOME",
    ] {
        command.env_remove(name);
    }
    let output = command
        .output()
        .expect("dbus-run-session (package dbus) runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(EMAIL),
        "auth.me with Secret Service failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("attribute.username = session-signing-key"),
        "the signing key is not in Secret Service: {stdout}"
    );
    // The key went to the keyring daemon, not to a file beside the database.
    for name in files_in(dir.path()) {
        assert!(
            name.starts_with("desk.db"),
            "unexpected file {name} beside the database"
        );
    }
}
