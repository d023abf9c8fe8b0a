// Starts Decap CMS with the configuration generated from the content model (config.json,
// written by build_tools/cms.py) and tidies what a form saves, so that `handbook check`
// accepts it.
(function () {
  "use strict";

  function isCollection(value) {
    return value !== null && typeof value === "object" && typeof value.toJS === "function";
  }

  // A field a form left empty ("", nothing, or a group with nothing in it) is left out of the
  // file: the loader reads a missing optional field as "not given", but an empty text as an
  // error. Works on Decap's Immutable data, so the form keeps its own types.
  function tidy(value) {
    if (isCollection(value)) {
      var kept = value.map(tidy).filter(function (v) { return v !== undefined; });
      var plain = kept.toJS();
      if (!Array.isArray(plain) && Object.keys(plain).length === 0) return undefined;
      return kept;
    }
    if (value === null || value === undefined || value === "") return undefined;
    return value;
  }

  // ja/nej fields: the loader reads "ja" and "nej" as well as true and false, but Decap's
  // switch would show the text "nej" as on. Shown as what it means; saved unchanged until the
  // editor flips the switch (then as true/false).
  function registerJaNej(CMS) {
    var toggle = CMS.getWidget("boolean");
    function meaning(value) {
      if (typeof value === "string") return value.trim().toLowerCase() === "ja";
      return Boolean(value);
    }
    var JaNej = window.createClass({
      render: function () {
        var props = Object.assign({}, this.props, { value: meaning(this.props.value) });
        return window.h(toggle.control, props);
      },
    });
    CMS.registerWidget("janej", JaNej, toggle.preview);
  }

  // juridisk_gennemgang: `ja` (awaits legal review) or `nej` in older files, or the group
  // {status, rolle, dato, bemaerkning}. Decap's object widget cannot show a text, so a `ja`/`nej`
  // is shown as a line above an empty group and saved unchanged until the editor fills it in.
  function registerJuridisk(CMS) {
    var group = CMS.getWidget("object");
    var Juridisk = window.createClass({
      render: function () {
        var value = this.props.value;
        if (typeof value !== "string" && typeof value !== "boolean") {
          return window.h(group.control, this.props);
        }
        var awaits = typeof value === "boolean" ? value : value.trim().toLowerCase() === "ja";
        var self = this;
        // Decap's own change handler for a group's fields starts from the stored value (the
        // text): start from an empty group instead (an empty Immutable Map, made from the
        // field's own configuration, which is one), as Decap's Widget.onChangeObject does.
        var props = Object.assign({}, this.props, {
          value: undefined,
          onChangeObject: function (field, newValue, newMetadata) {
            var group = self.props.field.clear().set(field.get("name"), newValue);
            var name = self.props.field.get("name");
            var metadata = {};
            metadata[name] = newMetadata;
            return self.props.onChange(group, newMetadata && metadata);
          },
        });
        return window.h("div", null,
          window.h("p", { className: "hb-juridisk-ja" }, awaits
            ? "Står som \u201eja\u201c: teksten venter på juridisk gennemgang. Udfyld status, rolle og dato, når en jurist har gennemgået den."
            : "Står som \u201enej\u201c: ingen juridisk gennemgang registreret."),
          window.h(group.control, props));
      },
    });
    CMS.registerWidget("juridisk", Juridisk, group.preview);
  }

  fetch("config.json")
    .then(function (response) { return response.json(); })
    .then(function (config) {
      registerJaNej(window.CMS);
      registerJuridisk(window.CMS);
      window.CMS.registerEventListener({
        name: "preSave",
        handler: function (event) {
          return tidy(event.entry.get("data"));
        },
      });
      window.CMS.init({ config: config });
    });
})();
