/* owned by the js/comments work; see docs/decisions.md */
