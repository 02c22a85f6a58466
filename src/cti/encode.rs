//! Typed values → bytes, and bytes → the dump texts users paste (the decoder's inverse, for tests
//! and for building examples in the UI).
