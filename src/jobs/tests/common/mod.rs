//! Shared by the jobs' test files: published PBKDF2-HMAC-SHA256 answers (the one-shot and
//! the sliced forms' tests), and a rayon pool of a given size.

/// A pool of `threads` threads for a parallel form.
#[allow(dead_code)] // not every test file runs one
pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// (password, salt, iterations, the 32-byte key in hex): RFC 7914 §11 (the first block of
/// its 64-byte keys is the 32-byte key) and RFC 6070's inputs with HMAC-SHA256.
#[allow(dead_code)] // not every test file checks a key
pub const PBKDF2_HMAC_SHA256: [(&[u8], &[u8], u32, &str); 6] = [
    (
        b"passwd",
        b"salt",
        1,
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc",
    ),
    (
        b"Password",
        b"NaCl",
        80_000,
        "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56",
    ),
    (
        b"password",
        b"salt",
        1,
        "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b",
    ),
    (
        b"password",
        b"salt",
        2,
        "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43",
    ),
    (
        b"password",
        b"salt",
        4096,
        "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
    ),
    (
        b"passwordPASSWORDpassword",
        b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
        4096,
        "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1",
    ),
];
