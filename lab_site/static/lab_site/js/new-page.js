// One editing session of a new page makes one page (lab_site/page_creation.py).
//
// 1. The new page's form gets a random key: the server answers a second post of the
//    same form (an autosave, or the editor's own Save) by changing the page the first
//    one made.
// 2. A Save, Publish or Submit clicked while an autosave is on its way waits for it (at
//    most a few seconds), then goes to where the autosave pointed the form: the page's
//    edit view, with the ids of what it made. The newest text is thus always saved last.
(() => {
  const script = document.currentScript; // only known while the script first runs

  const setUp = () => {
    const form = document.querySelector("form[data-edit-form]");
    if (!form || !script || !form.action.includes(script.dataset.createPath)) return;

    const key = document.createElement("input");
    key.type = "hidden";
    key.name = script.dataset.field;
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    key.value = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    form.appendChild(key);

    let saving = false;
    let held = null;
    let giveUp = null;
    const release = () => {
      saving = false;
      window.clearTimeout(giveUp);
      if (held) {
        // The autosave may have redrawn the buttons (and Wagtail greys out the one
        // clicked): the action it stood for goes with the form as a field of its own.
        const { name, value } = held;
        held = null;
        if (name) {
          const action = document.createElement("input");
          action.type = "hidden";
          action.name = name;
          action.value = value;
          form.appendChild(action);
        }
        form.requestSubmit();
      }
    };
    form.addEventListener("w-autosave:save", (event) => {
      if (event.defaultPrevented) return;
      saving = true;
      window.clearTimeout(giveUp);
      giveUp = window.setTimeout(release, 5000);
    });
    ["w-autosave:success", "w-autosave:error", "w-autosave:deactivated"].forEach((name) =>
      form.addEventListener(name, release),
    );
    form.addEventListener(
      "submit",
      (event) => {
        if (!saving) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        held = event.submitter || form.querySelector("[type=submit]");
      },
      true,
    );
  };

  // Wagtail writes the editor's scripts before the form.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
