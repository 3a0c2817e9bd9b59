"""Payment runs are not edited in the admin: they are made, approved and discarded on their
pages, with their audit entries, and approved runs are never changed. A contract's payment
steps are edited with the contract (providers' admin)."""
