"""The holiday calendar's page (/calendar/): the State Council's schedules as loaded, kept by staff and admins.

Imports no app (only the kernel's CalendarDay, roles and flash), like bureau.workdays that reads the calendar."""
