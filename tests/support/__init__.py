"""The test harness: a throwaway PostgreSQL, the persona organization, warehouse facts, a network guard."""
