"""The resource library: readings, reports, podcasts, tools and more, tagged like the book."""
