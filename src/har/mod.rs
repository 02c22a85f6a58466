//! Tolerant HAR reading: finds ECE chat calls, skips bodies it does not need.
