"""The demo: `eenloket demo` and the demo data it loads through the services (an interface,
like a command: it drives the domain apps and is imported by none of them)."""
