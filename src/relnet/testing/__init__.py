"""relnet.testing."""
