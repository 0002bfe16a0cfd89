//! The plan: its five projects, indicators and targets, and the national poverty line.
