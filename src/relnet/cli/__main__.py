"""``python -m relnet.cli``: the same as the ``relnet`` command."""

from relnet.cli import main

if __name__ == "__main__":
    main()
