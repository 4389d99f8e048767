"""Turn answers, articles and reports into Discord messages that always fit Discord's limits."""
