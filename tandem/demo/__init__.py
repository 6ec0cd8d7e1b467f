"""The demo organisation that `make run` loads: people, programmes and pairs in every state."""
