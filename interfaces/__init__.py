"""Ways in: the HTTP API and the command line. Wiring lives here, nowhere else."""
