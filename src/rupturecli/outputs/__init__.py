"""Where reports go: one table from --format to a renderer or a streaming sink, and the guard that keeps
outputs off inputs."""
