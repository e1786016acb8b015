"""The people: employees, org units, function profiles, delegations, and their imports."""

TEXTS: dict[str, tuple[str, str]] = {
    "not-found.coordinator-delegation": (
        "There is no coordinator delegation {id}.",
        "Er is geen delegatie {id} aan een coördinator.",
    ),
    "invalid-input.import": (
        "{count} problem(s) in {rows} row(s); nothing was stored.",
        "Aantal problemen: {count}, verdeeld over {rows} rij(en); er is niets opgeslagen.",
    ),
    "invalid-input.file-problems": (
        "{count} problem(s); nothing was stored.",
        "Aantal problemen: {count}; er is niets opgeslagen.",
    ),
    "invalid-input.file-keys": (
        "{count} bad key(s); nothing was stored.",
        "Aantal ongeldige sleutels: {count}; er is niets opgeslagen.",
    ),
    "invalid-input.file-rows": (
        "{count} bad row(s); nothing was stored.",
        "Aantal ongeldige rijen: {count}; er is niets opgeslagen.",
    ),
}
