"""Tools for developers of rupturecli (not used by the `rupture` command)."""
