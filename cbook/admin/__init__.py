"""Admin pages: users and roles, principles, audiences and trios."""
