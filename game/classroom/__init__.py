"""Classroom mode: sessions (teams, timer, facilitator log), the debrief and session reports. No pygame."""
