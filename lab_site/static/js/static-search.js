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
  // A visible label, as on the live site's search page (Pagefind's field has only a title).
  var input = element.querySelector(".pagefind-ui__search-input");
  if (input) {
    input.id = "static-search-q";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "search-form__label";
    label.textContent = "Search people, research, publications and news";
    element.parentNode.insertBefore(label, element);
  }
  var words = new URLSearchParams(window.location.search).get("q");
  if (words) ui.triggerSearch(words);
});
