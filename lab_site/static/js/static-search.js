// Search on the static copy of the site: Pagefind's interface over the index built with the
// copy, started with the words of ?q= (the header's search box sends them here).
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!window.PagefindUI || !element) return;
  var ui = new window.PagefindUI({
    element: "#search",
    // Where the copy is served from ("/" or a sub-path such as "/lab/"), for the results' links.
    baseUrl: element.dataset.baseUrl || "/",
    showSubResults: true,
    showImages: false,
    translations: { placeholder: "Search people, research, publications and news" },
  });
  var words = new URLSearchParams(window.location.search).get("q");
  if (words) ui.triggerSearch(words);
});
