// The Markdown toolbar above a post's body: each button puts its Markdown around the selected
// text (or at the cursor). Without script the toolbar stays hidden and the body is typed as is.
document.addEventListener("DOMContentLoaded", () => {
  for (const toolbar of document.querySelectorAll("[data-editor-for]")) {
    toolbar.hidden = false;
  }
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-markdown]");
  if (!button) return;
  const toolbar = button.closest("[data-editor-for]");
  const area = toolbar && document.getElementById(toolbar.dataset.editorFor);
  if (!area) return;
  event.preventDefault();
  const { selectionStart: start, selectionEnd: end, value } = area;
  const chosen = value.slice(start, end) || button.dataset.placeholder || "";
  const lineStart = value.lastIndexOf("\n", start - 1) + 1;
  let before = value.slice(0, start);
  let inserted;
  switch (button.dataset.markdown) {
    case "bold":
      inserted = `**${chosen}**`;
      break;
    case "heading":
    case "list": {
      const mark = button.dataset.markdown === "heading" ? "### " : "- ";
      // A line mark goes at the start of the line.
      before = value.slice(0, lineStart) + mark + value.slice(lineStart, start);
      inserted = chosen.replaceAll("\n", `\n${mark === "- " ? mark : ""}`);
      break;
    }
    case "link":
      inserted = `[${chosen}](https://)`;
      break;
    default:
      return;
  }
  area.value = before + inserted + value.slice(end);
  const cursor = before.length + inserted.length;
  area.focus();
  area.setSelectionRange(cursor, cursor);
});
