"""What tests share: factories for accounts, organisations, members, offers and applications, and the
launchers of the processes several tests start (API servers, the SMTP mailbox, the push service's client,
the fake geocoder, private PostgreSQL and Redis servers)."""
