//! py-preinit: pre-initializes a linked Python component (not yet written).
