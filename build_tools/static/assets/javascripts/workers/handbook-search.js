/*
 * Frederikssund handbook: the ONE file that knows mkdocs-material's search internals.
 *
 * Written against mkdocs-material 9.8.1 (the constants in MATERIAL below).
 * tests/browser/test_search_material.py fails when the installed theme differs; then re-check
 * every place marked "material:" in this file against the new theme's sources (its
 * templates/base.html, partials/search.html and the source maps of
 * assets/javascripts/bundle.*.min.js and workers/search.*.min.js) and update MATERIAL.
 *
 * The Danish rules themselves (folding, stop words, corrections) are theme-independent, in
 * ../search/dansk.js and ../search/stopord.js.
 *
 * This script runs in two places:
 *
 * 1. In the page, as the <script> right before material's bundle (build_tools/overrides/main.html):
 *    - material starts its search worker with `new Worker(config.search)`; we start this file
 *      as the worker instead, and it loads material's worker into itself (2.);
 *    - the search dialog gets its accessible name (axe-core rule aria-dialog-name; material
 *      #6433), from the script's data-dialog-label (material's own translation of "search");
 *    - when the search had to correct a word, a "Mente du …?" line above the results offers
 *      the corrected query.
 * 2. As the search worker (a real Worker, or under file:// the iframe of the iframe-worker
 *    shim): loads stopord.js, dansk.js and material's worker, then changes lunr (which
 *    material's worker brings) so that the index is folded and filtered with our stop words,
 *    and a query is searched with the plan of dansk.js. Results carry the corrections to the
 *    page.
 */
;(function () {
  "use strict"

  var MATERIAL = {
    version: "9.8.1",
    /* material: the search worker (templates/assets/javascripts/workers/); its name carries a
       hash of its content, so any change to it changes the name */
    worker: "search.a7633da7.min.js",
    /* material: the bundle whose search UI this file reads and drives */
    bundle: "bundle.a5f9d56c.min.js",
    /* material: message types of integrations/search/worker/message (SETUP 0, READY 1,
       QUERY 2, RESULT 3) */
    RESULT: 3
  }

  var STEM_BOOST = 0.05 /* tuned on tests/browser/test_search.py: 1 put "politisk" above "politiet" */
  var NEAR_BOOST = 0.5 /* a correction one edit away, against 1 for the word as typed */
  var REGISTER_BOOST = 0.05 /* build_tools/render.py: registers rank below guidance */
  var COVERAGE_POWER = 4 /* coverage 1/2 divides a score by 16 */

  if (typeof importScripts === "function") worker()
  else page()

  /* ---------------------------------------------------------------------------------------- */
  /* 1. In the page                                                                            */
  /* ---------------------------------------------------------------------------------------- */

  function page() {
    var script = document.currentScript
    var here = script.src
    var label = script.getAttribute("data-dialog-label")
    var Base = window.Worker
    if (typeof Base === "function") {
      window.Worker = class extends Base {
        constructor(url, options) {
          var ours = isMaterialWorker(url)
          super(ours ? here : url, options)
          if (ours) this.addEventListener("message", onResult)
        }
      }
    }
    document.addEventListener("DOMContentLoaded", function () {
      /* material: partials/search.html renders the dialog without a name */
      var dialog = document.querySelector('[data-md-component="search"][role="dialog"]')
      if (dialog && label && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", label)
    })
  }

  function isMaterialWorker(url) {
    try {
      var path = new URL(String(url), document.baseURI).pathname
      return path.slice(-("/workers/" + MATERIAL.worker).length) === "/workers/" + MATERIAL.worker
    } catch (error) {
      return false
    }
  }

  function onResult(event) {
    var message = event.data
    if (!message || message.type !== MATERIAL.RESULT) return
    var corrections = (message.data && message.data.handbook || {}).corrections || []
    /* after material's own listener has drawn the results */
    setTimeout(function () { showCorrections(corrections) }, 0)
  }

  /** "Mente du »tavshedspligt«?" above the results; a click searches for that. */
  function showCorrections(corrections) {
    /* material: components/search/result – the meta line, then the list */
    var result = document.querySelector('[data-md-component="search-result"]')
    var query = document.querySelector('[data-md-component="search-query"]')
    if (!result || !query) return
    var line = result.querySelector(".hb-mente-du")
    var suggested = corrected(query.value, corrections)
    if (!suggested) {
      if (line) line.remove()
      return
    }
    if (!line) {
      line = document.createElement("p")
      line.className = "hb-mente-du"
      result.insertBefore(line, result.querySelector(".md-search-result__list"))
    }
    /* a link, so material's arrow keys reach it; it opens the same page with the search
       (material: ?q= opens the search with that query) – or, clicked here, searches at once */
    var link = document.createElement("a")
    link.href = "?q=" + encodeURIComponent(suggested)
    link.textContent = suggested
    link.addEventListener("click", function (event) {
      event.preventDefault()
      event.stopPropagation() /* material closes the search on a click on any link in it */
      query.value = suggested
      query.focus()
      /* material: the query component reads the box on keyup */
      query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
    })
    line.replaceChildren("Mente du ", link, "?")
  }

  /** The query as typed, with each corrected word replaced; null if nothing changes. */
  function corrected(text, corrections) {
    var changed = false
    corrections.forEach(function (pair) {
      var word = pair[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      var pattern = new RegExp("(^|[^\\p{L}\\p{N}])" + word + "(?=$|[^\\p{L}\\p{N}])", "giu")
      text = text.replace(pattern, function (match, before) {
        changed = true
        return before + pair[1]
      })
    })
    return changed ? text.trim() : null
  }

  /* ---------------------------------------------------------------------------------------- */
  /* 2. As the search worker                                                                   */
  /* ---------------------------------------------------------------------------------------- */

  function worker() {
    /* a real worker has its own location; the shim's iframe runs this as a <script src> */
    var here = typeof document !== "undefined" && document.currentScript
      ? document.currentScript.src
      : self.location.href
    var at = function (path) { return new URL(path, here).href }
    /* material: workers/search.*.min.js sets self.lunr and listens for messages; with the
       shim, importScripts returns a promise and the iframe's messages wait for its load */
    var loading = importScripts(
      at("../search/stopord.js"), at("../search/dansk.js"), at(MATERIAL.worker))
    if (loading && typeof loading.then === "function") loading.then(install)
    else install()
  }

  function install() {
    var lunr = self.lunr
    var rules = self.HandbookSearch
    if (!lunr || !rules) return

    var spelling = Object.create(null) /* folded → as written, e.g. foraeldre → forældre */
    var vocabularies = new WeakMap()
    var current = null /* the vocabulary of the index material built */
    var own = false /* true while this file builds queries itself */
    var corrections = [] /* of the last search, for its result message */

    /* ---- the index: our stop words, then folding ---------------------------------------- */

    var foldToken = function (token) {
      return token.update(function (text) {
        var folded = rules.fold(text)
        if (folded !== text && !(folded in spelling)) spelling[folded] = text
        return folded
      })
    }
    var stopToken = function (token) {
      return rules.isStopWord(token.toString()) ? undefined : token
    }
    lunr.Pipeline.registerFunction(foldToken, "handbook-fold")
    lunr.Pipeline.registerFunction(stopToken, "handbook-stopord")

    /* material: its Search class builds the index with lunr(), `this.use(lunr.da)` and the
       configured pipeline, then adds the documents – so at the first add the pipeline is final */
    var add = lunr.Builder.prototype.add
    lunr.Builder.prototype.add = function () {
      if (!this.handbookReady) {
        this.handbookReady = true
        var danish = lunr.da && lunr.da.stopWordFilter
        if (danish && this.pipeline._stack.indexOf(danish) !== -1) {
          this.pipeline.after(danish, stopToken)
          this.pipeline.remove(danish)
        }
        this.pipeline.add(foldToken)
      }
      /* material: a page's `search: boost` front matter reaches lunr as the document's boost;
         the registers have one of at most REGISTER_BOOST (build_tools/render.py) */
      var attributes = arguments[1]
      if (attributes && attributes.boost <= REGISTER_BOOST && arguments[0])
        registers.add(arguments[0][this._ref])
      return add.apply(this, arguments)
    }
    var registers = new Set()
    var build = lunr.Builder.prototype.build
    lunr.Builder.prototype.build = function () {
      var index = build.apply(this, arguments)
      current = vocabularyOf(index)
      return index
    }

    function vocabularyOf(index) {
      var vocabulary = vocabularies.get(index)
      if (vocabulary) return vocabulary
      var terms = Object.keys(index.invertedIndex)
      var documents = Object.create(null)
      terms.forEach(function (term) {
        var posting = index.invertedIndex[term]
        var refs = new Set()
        for (var field in posting)
          if (field !== "_index") for (var ref in posting[field]) refs.add(ref)
        documents[term] = refs.size
      })
      vocabulary = new rules.Vocabulary(terms, documents, spelling)
      vocabulary.handbookTerms = terms
      vocabularies.set(index, vocabulary)
      return vocabulary
    }

    /* The indexed words that are the stem with a Danish inflection ending: "politiet" → stem
       "politi" → politi, politiet, politiets, but not "politisk" (a word of its own, which a
       wildcard on the stem would find, and find in titles). The word as typed keeps its
       wildcard, so compounds that start with it are still found; a stem with no such form
       in the index (a misspelling the stemmer cut short: "underretnig" → "underretn") keeps
       the wildcard. */
    var ENDING = /^(e|en|er|et|ene|ens|ers|ets|erne|ernes|enes|es|s|ne|nes|ede|ende|t|te|r|rne|rnes|n|ns)?$/
    function stemForms(vocabulary, stem) {
      var cache = vocabulary.handbookStems || (vocabulary.handbookStems = new Map())
      var forms = cache.get(stem)
      if (forms) return forms
      /* the stemmer undoubles a final consonant ("styregruppe" → "styregrup") */
      var last = stem.charAt(stem.length - 1)
      forms = vocabulary.handbookTerms.filter(function (term) {
        if (term.lastIndexOf(stem, 0) !== 0) return false
        var rest = term.slice(stem.length)
        return ENDING.test(rest) || (rest.charAt(0) === last && ENDING.test(rest.slice(1)))
      })
      if (cache.size > 1000) cache.clear()
      cache.set(stem, forms)
      return forms
    }

    function stem() {
      var stemmer = lunr.da && lunr.da.stemmer
      return stemmer ? function (word) { return stemmer(word) } : null
    }

    /* ---- a query ----------------------------------------------------------------------- */

    /* material: Search.search turns what was typed into "word1* word2*" (quoted words
       "+word"), then calls index.search with it */
    lunr.Index.prototype.search = function (queryString) {
      var parsed = new lunr.Query(this.fields)
      own = true
      try {
        new lunr.QueryParser(queryString, parsed).parse()
      } finally {
        own = false
      }
      var typed = []
      var others = []
      var fields = this.fields.length
      parsed.clauses.forEach(function (clause) {
        var word = typedWord(clause, fields)
        if (word) typed.push(word)
        else others.push(clause)
      })
      var vocabulary = vocabularyOf(this)
      var plan = rules.plan(typed, vocabulary, stem())
      var meaningful = typed.concat(others.map(function (clause) { return clause.term }))
        .some(function (word) { return !rules.isStopWord(word) })
      others = others.filter(function (clause) {
        return !(meaningful && rules.isStopWord(clause.term)) /* not in the index */
      })
      corrections = plan.corrections

      var first = query(this, others, function (q) {
        plan.words.forEach(function (word) {
          q.term(word.folded, { wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false })
          var forms = word.stem ? stemForms(vocabulary, word.stem) : []
          forms.forEach(function (form) {
            q.term(form, { usePipeline: false, boost: STEM_BOOST })
          })
          if (word.stem && !forms.length) /* no inflected form indexed: any word it starts */
            q.term(word.stem, {
              wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false, boost: STEM_BOOST
            })
          if (!word.known)
            word.near.forEach(function (near) {
              q.term(near.term, { usePipeline: false, boost: near.edits ? NEAR_BOOST : 1 })
            })
        })
      })
      /* "Mente du …?" only when no page has any of the words as typed (or a form of it) */
      if (first.some(function (result) { return hasTypedWord(result, plan.words) })) corrections = []
      first = byCoverage(first, plan.words, this)
      var near = plan.words.filter(function (word) { return word.known && word.near.length })
      if (!near.length) return registersLast(cardsAfterPages(first))
      var second = query(this, others, function (q) {
        near.forEach(function (word) {
          word.near.forEach(function (n) { q.term(n.term, { usePipeline: false }) })
        })
      })
      return registersLast(cardsAfterPages(after(first, second)))
    }

    /** An overview's card of a page ("vejviser/index.html#bekymring-0-6", the section named
     *  after the page it points to) ranks below that page when both are found: the card is a
     *  pointer, the page is the answer. */
    function cardsAfterPages(results) {
      var best = new Map()
      results.forEach(function (result) {
        var page = pageOf(result.ref)
        best.set(page, Math.max(best.get(page) || 0, result.score))
      })
      results.forEach(function (result) {
        var parts = result.ref.split("#")
        if (parts.length !== 2 || !/(^|\/)index\.html$/.test(parts[0])) return
        var target = parts[0].replace(/index\.html$/, "") + parts[1] + ".html"
        if (best.has(target)) result.score = Math.min(result.score, best.get(target) / 6)
      })
      return results.sort(function (a, b) { return b.score - a.score })
    }

    /** Whether the query's words are in the title of a page's first section (its own title). */
    function named(result) {
      if (result.ref.indexOf("#") !== -1) return false
      var metadata = result.matchData.metadata
      return Object.keys(metadata).some(function (term) { return "title" in metadata[term] })
    }

    /** Guidance first: every register, the change log, the status reports and the editors'
     *  guide are scored below the last guidance page found, so they come first only when no
     *  guidance page matches at all. */
    function registersLast(results) {
      /* a register the query names by its title ("ordliste", "hvad er nyt") stays where it is */
      var low = function (result) {
        return registers.has(result.ref) && !named(result)
      }
      var guidance = results.filter(function (result) { return !low(result) })
      var rest = results.filter(low)
      if (!guidance.length || !rest.length) return results
      var floor = Math.min.apply(null, guidance.map(function (result) { return result.score }))
      var top = Math.max.apply(null, rest.map(function (result) { return result.score }))
      /* material: after lunr, scores are multiplied by 1 to 5 (see `after`) */
      var scale = Math.min(1, floor / top / 6)
      rest.forEach(function (result) { result.score *= scale })
      return guidance.concat(rest)
    }

    function hasTypedWord(result, words) {
      return Object.keys(result.matchData.metadata).some(function (term) {
        return words.some(function (word) {
          return word.known && rules.isFormOf(term, word)
        })
      })
    }

    /** A clause material made from a typed word ("word*"), as the typed word; else null. */
    function typedWord(clause, fields) {
      var typed = /^([^*]+)\*$/.exec(clause.term)
      if (!typed || clause.presence !== lunr.Query.presence.OPTIONAL) return null
      if (clause.editDistance || clause.boost !== 1 || clause.fields.length !== fields) return null
      return typed[1].toLowerCase()
    }

    function query(index, clauses, more) {
      own = true
      try {
        return index.query(function (q) {
          clauses.forEach(function (clause) {
            q.clause(Object.assign({}, clause, { term: rules.fold(clause.term) }))
          })
          more(q)
        })
      } finally {
        own = false
      }
    }

    /** The results with each score multiplied by its page's coverage of the query's words
     *  (to the power COVERAGE_POWER), best first. */
    function byCoverage(results, words, index) {
      var matches = results.map(function (result) {
        return { page: pageOf(result.ref), terms: Object.keys(result.matchData.metadata) }
      })
      var covered = rules.coverage(words, matches, pageCount(index))
      if (!covered) return results
      results.forEach(function (result) {
        result.score *= Math.pow(covered.get(pageOf(result.ref)), COVERAGE_POWER)
      })
      /* A page with every word of the query comes before a page that lacks one, whatever its
         title: "bekymring dagpleje" finds the 0–6 flow before "Akut bekymring" (no dagpleje). */
      var whole = results.filter(function (r) { return covered.get(pageOf(r.ref)) >= 0.999 })
      var part = results.filter(function (r) { return covered.get(pageOf(r.ref)) < 0.999 })
      if (whole.length && part.length) {
        var floor = Math.min.apply(null, whole.map(function (r) { return r.score }))
        var top = Math.max.apply(null, part.map(function (r) { return r.score }))
        var scale = Math.min(1, floor / top / 6) /* material multiplies by 1 to 5 after us */
        part.forEach(function (r) { r.score *= scale })
      }
      return results.sort(function (a, b) { return b.score - a.score })
    }

    /* material: a search document is a page ("jura/underretning.html") or a section of one
       ("jura/underretning.html#kvittering") */
    function pageOf(ref) {
      return ref.split("#")[0]
    }

    var pageCounts = new WeakMap()
    function pageCount(index) {
      var count = pageCounts.get(index)
      if (count === undefined) {
        var pages = new Set()
        Object.keys(index.fieldVectors).forEach(function (fieldRef) {
          pages.add(pageOf(lunr.FieldRef.fromString(fieldRef).docRef))
        })
        pageCounts.set(index, count = pages.size)
      }
      return count
    }

    /** `first`, then the pages only `second` found, scored below every page of `first`. */
    function after(first, second) {
      var seen = new Set(first.map(function (result) { return result.ref }))
      var extra = second.filter(function (result) { return !seen.has(result.ref) })
      if (!extra.length || !first.length) return first.concat(extra)
      var floor = first[first.length - 1].score
      /* material: after lunr, Search.search multiplies each score by 1 to 5 (title, words
         matched), so the best extra page must be over 5 times below the last of `first` */
      var scale = floor / extra[0].score / 6
      extra.forEach(function (result) { result.score *= scale })
      return first.concat(extra)
    }

    /* ---- material's own reading of the query ----------------------------------------- */

    /* material: Search.search also parses the query (query/_/parseSearchQuery, through
       lunr.Query.prototype.clause) and, per result, marks each query word found or missing
       (getSearchQueryTerms): found if a matched index word starts with it, missing – shown as
       "Mangler: …" and lowering the score – unless lunr.stopWordFilter drops it. We fold its
       words, add the stem and corrections as words of their own, and let the filter drop the
       forms that were only alternatives ("twins") and our stop words. */
    var twins = Object.create(null)
    var parsing = null
    var clause = lunr.Query.prototype.clause
    lunr.Query.prototype.clause = function (c) {
      if (own || !c || typeof c.term !== "string") return clause.call(this, c)
      if (this !== parsing) {
        parsing = this
        twins = Object.create(null)
      }
      var typed = /^([^*]+)\*$/.exec(c.term.toLowerCase())
      c.term = rules.fold(c.term.toLowerCase())
      clause.call(this, c)
      if (!typed || !current) return this
      var word = current.word(typed[1], stem())
      var also = function (term) {
        clause.call(this, { term: term, fields: c.fields, usePipeline: false })
      }.bind(this)
      if (word.stop) twins[word.folded] = true
      if (word.stem) {
        twins[word.folded] = true
        also(word.stem + "*")
      }
      if (!word.known) {
        twins[word.folded] = true
        if (word.stem) twins[word.stem] = true
        word.near.forEach(function (near) {
          twins[near.term] = true
          also(near.term)
        })
      }
      return this
    }

    var english = lunr.stopWordFilter
    var filter = function (token) {
      var text = String(token)
      if (twins[text] || rules.isStopWord(text)) return undefined
      return english ? english.apply(this, arguments) : token
    }
    filter.label = english && english.label /* registered name: no "not registered" warning */
    lunr.stopWordFilter = filter

    /* ---- the result message ---------------------------------------------------------- */

    /* material: the worker answers each query with postMessage({ type: RESULT, data }) */
    var post = self.postMessage
    self.postMessage = function (message) {
      if (message && message.type === MATERIAL.RESULT && message.data) {
        message.data.handbook = { corrections: corrections }
        corrections = []
      }
      return post.apply(self, arguments)
    }
  }
})()
