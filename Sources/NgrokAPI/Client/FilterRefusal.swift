/// What a filtered list does when the server refuses its filter (400): list everything and keep
/// what the filter would have kept, or fail with the 400.
///
/// Listing everything is right for what the user asked for (a runbook's `show`, an address in the
/// filter). It is wrong for a head start ahead of the full lists (the selected bot's credentials,
/// their sessions): the full lists are loading anyway, and a whole list for every cursor move, at the
/// user's priority, starved the bot list (issue 23). It travels with the task, so the list methods,
/// and the helpers built on them, keep their signatures: `await FilterRefusal.$listsEverything.withValue(false) { … }`.
public enum FilterRefusal {
    @TaskLocal public static var listsEverything = true
}
