"""Read models: events in, view tables out. Never calls the application."""
