"""relnet.adapters."""
