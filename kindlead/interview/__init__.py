"""The interactive interview: questions, the coaching moment, and the review step."""
