"""One module per `rupture` subcommand; `rupturecli.cli` assembles them."""
