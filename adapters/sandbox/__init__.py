"""The sandbox: a local platform with no network, the default when no token is set."""
from adapters.sandbox.adapter import Outcome, SandboxAdapter

__all__ = ["SandboxAdapter", "Outcome"]
