"""relnet.interop."""
