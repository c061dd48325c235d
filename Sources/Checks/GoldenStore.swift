// Golden store: filled in below.
