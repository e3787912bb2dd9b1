//! The generated register maps, one module per model. Each is generated from
//! `register-maps/<model>.toml` by `tests/mapgen` and checked by the `register_maps` test.

#[rustfmt::skip]
pub mod em1200;
#[rustfmt::skip]
pub mod em6400;
#[rustfmt::skip]
pub mod em6400ng;
