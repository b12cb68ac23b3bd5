"""One loader per council system: walks a site and hands records to the store."""
