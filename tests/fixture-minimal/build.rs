//! Links the init (src/init.rs) without the Rust objects' unwind tables on
//! Linux (no-unwind-tables.ld says why); the other programs are linked as
//! they always were.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=no-unwind-tables.ld");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
        println!("cargo:rustc-link-arg-bin=init=-Wl,-T,{dir}/no-unwind-tables.ld");
    }
}
