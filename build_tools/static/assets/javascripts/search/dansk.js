/*
 * Frederikssund handbook: how the search reads a Danish query. Theme-independent rules; the
 * file that wires them into the theme's search is ../workers/handbook-search.js.
 *
 * - Letter folding: "tværsteam", "tvaersteam" and "tvärsteam" are one word. The index and every
 *   query word are folded the same way (æ→ae, ø→oe, å→aa).
 * - Stop words (stopord.js, generated from build_tools/search/stopord.txt): a query with other
 *   words leaves them out, so "hvem skal jeg ringe til" is ranked by "ringe", not by "til".
 * - Corrections: a word of five letters or more that no indexed word starts with ("tavshedsplikt")
 *   is replaced by the indexed words it is one edit away from (a letter missing, extra, swapped
 *   or wrong; æ, ø, å typed as a, o counts as no edit; as the beginning of a longer word only
 *   with the first letter right). When no page has any of the query's words as typed, the
 *   search shows the corrected query under "Mente du …?".
 * - Near words: a word that is in the index as typed is searched as typed; the indexed words one
 *   edit away from it are searched too, but their pages come after every page the word itself
 *   finds, so correct spellings keep their order.
 *
 * - Phrases: among pages found by a query of several words, a page with more of the words – the
 *   rare ones counting most – ranks higher: "barnet er ofte væk fra skolen" puts the page with
 *   "skolen" and "ofte" above pages that only say "barnet" many times.
 *
 * Exposes self.HandbookSearch = { fold, skeleton, distance, isStopWord, Vocabulary, plan,
 * isFormOf, coverage }.
 */
;(function (root) {
  "use strict"

  var MIN_LENGTH = 5 /* shorter words get no corrections: too many words are one edit away */
  var MAX_CORRECTIONS = 30 /* indexed words searched in place of one unknown word */
  var MAX_NEAR = 10 /* indexed words searched as near words of one known word */

  var FOLD = { "æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "é": "e", "ü": "u" }

  /** The word with æ, ø, å (and look-alikes) written as two letters: "tværsteam" → "tvaersteam". */
  function fold(text) {
    return text.replace(/[æøåäöéü]/g, function (c) { return FOLD[c] })
  }

  /** A folded word with "ae", "oe", "aa" as one letter, so "tvarsteam" (æ typed as a) and
   *  "tvaersteam" are the same: "tvaersteam" → "tvarsteam". Only for comparing words. */
  function skeleton(folded) {
    return folded.replace(/aa|ae|oe/g, function (pair) { return pair[0] })
  }

  /**
   * The number of edits (a letter inserted, deleted, replaced, or two neighbours swapped)
   * between `a` and `b` – or, with `prefix`, between `a` and the nearest beginning of `b` – if it
   * is at most `max`; otherwise max + 1.
   */
  function distance(a, b, max, prefix) {
    var m = a.length
    var n = prefix ? Math.min(b.length, m + max) : b.length
    if (prefix ? b.length < m - max : Math.abs(m - n) > max) return max + 1
    var before = null
    var previous = []
    for (var j = 0; j <= n; j++) previous.push(j)
    for (var i = 1; i <= m; i++) {
      var row = [i]
      var least = i
      for (j = 1; j <= n; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          value = Math.min(value, before[j - 2] + 1)
        row.push(value)
        if (value < least) least = value
      }
      if (least > max) return max + 1
      before = previous
      previous = row
    }
    var result = prefix ? Math.min.apply(null, previous) : previous[n]
    return Math.min(result, max + 1)
  }

  var stopwords = null

  /** Whether a (lower-case) word is a stop word: "til", "når", "naar". */
  function isStopWord(word) {
    if (stopwords === null) {
      stopwords = Object.create(null)
      var list = root.HandbookStopord || []
      for (var i = 0; i < list.length; i++) stopwords[fold(list[i])] = true
    }
    return fold(word) in stopwords
  }

  /**
   * The words of a search index: `terms` (folded, as indexed), `documents[term]` (how many
   * pages have it) and `spelling[term]` (how it is written in the text, e.g. "forældre" for
   * "foraeldre"; missing when it is the term itself).
   */
  function Vocabulary(terms, documents, spelling) {
    this.terms = terms.slice().sort()
    this.documents = documents || Object.create(null)
    this.spelling = spelling || Object.create(null)
    this.skeletons = this.terms.map(skeleton)
    this.words = new Map()
  }

  /** Whether some indexed word starts with `prefix`. */
  Vocabulary.prototype.hasPrefix = function (prefix) {
    var terms = this.terms
    var low = 0
    var high = terms.length
    while (low < high) {
      var middle = (low + high) >> 1
      if (terms[middle] < prefix) low = middle + 1
      else high = middle
    }
    return low < terms.length && terms[low].lastIndexOf(prefix, 0) === 0
  }

  /** The word as people read it: "forældre" for the indexed "foraeldre". */
  Vocabulary.prototype.written = function (term) {
    return this.spelling[term] || term
  }

  /**
   * Indexed words one edit or less from `folded` (compared as skeletons), best first, leaving out
   * those starting with one of `taken`. With `prefix`, a word also counts when its beginning is
   * that near ("tavshedsplikt" → "tavshedspligten").
   */
  Vocabulary.prototype.near = function (folded, prefix, taken) {
    var word = skeleton(folded)
    var first = word[0]
    var second = word[1]
    var found = []
    for (var i = 0; i < this.terms.length; i++) {
      var candidate = this.skeletons[i]
      /* one edit leaves one of the first two letters in one of the first two places */
      var a = candidate[0]
      var b = candidate[1]
      if (a !== first && a !== second && b !== first && b !== second) continue
      var term = this.terms[i]
      if (startsWithAny(term, taken)) continue
      var whole = distance(word, candidate, 1, false)
      var edits = whole
      /* as a beginning only with the first letter right: "koster" is not "(ø)stergade" */
      if (prefix && whole > 1 && a === first) edits = distance(word, candidate, 1, true)
      if (edits > 1) continue
      found.push({ term: term, edits: edits, whole: whole, documents: this.count(term) })
    }
    found.sort(function (x, y) {
      return x.edits - y.edits || x.whole - y.whole || y.documents - x.documents ||
        x.term.length - y.term.length || (x.term < y.term ? -1 : 1)
    })
    return found
  }

  Vocabulary.prototype.count = function (term) {
    return this.documents[term] || 0
  }

  /** What the search does with one typed (lower-case) word; cached per vocabulary. */
  Vocabulary.prototype.word = function (typed, stem) {
    var word = this.words.get(typed)
    if (word) return word
    if (this.words.size > 1000) this.words.clear()
    var folded = fold(typed)
    var stemmed = fold(stem ? stem(typed) : typed)
    var roots = stemmed && stemmed !== folded ? [folded, stemmed] : [folded]
    var known = roots.some(this.hasPrefix, this)
    var near = typed.length >= MIN_LENGTH ? this.near(folded, !known, roots) : []
    word = {
      typed: typed,
      folded: folded,
      stem: roots.length > 1 ? stemmed : null,
      stop: isStopWord(typed),
      known: known,
      /* in place of the word (unknown) or after its own pages (known) */
      near: near.slice(0, known ? MAX_NEAR : MAX_CORRECTIONS),
      correction: !known && near.length ? this.written(near[0].term) : null
    }
    this.words.set(typed, word)
    return word
  }

  /**
   * The plan for a query's typed words (lower case): `words`, those to search (the stop words
   * left out, unless there is nothing else), and `corrections`, [typed, suggested] for each
   * searched word not in the index that has a near word.
   */
  function plan(typed, vocabulary, stem) {
    var all = typed.map(function (word) { return vocabulary.word(word, stem) })
    var meaningful = all.filter(function (word) { return !word.stop })
    var words = meaningful.length ? meaningful : all
    var corrections = []
    words.forEach(function (word) {
      if (word.correction) corrections.push([word.typed, word.correction])
    })
    return { words: words, corrections: corrections }
  }

  /** Whether an indexed word is a form of a planned word: it starts with the word or its stem,
   *  or (for a word not in the index) it is one of its corrections. */
  function isFormOf(term, word) {
    if (term.lastIndexOf(word.folded, 0) === 0) return true
    if (word.stem && term.lastIndexOf(word.stem, 0) === 0) return true
    if (word.known) return false
    for (var i = 0; i < word.near.length; i++) if (word.near[i].term === term) return true
    return false
  }

  /**
   * How much of a query of several words each page covers, from 0 to 1: the words it has,
   * each weighted by how rare it is among the pages (a word on every page weighs almost
   * nothing). `matches` lists, per search hit, its page and the indexed words it matched;
   * `pages` is the number of pages in the index. Returns a Map page → coverage, or null for a
   * query of one word (nothing to weigh).
   */
  function coverage(words, matches, pages) {
    if (words.length < 2) return null
    var found = new Map()
    matches.forEach(function (match) {
      var has = found.get(match.page)
      if (!has) found.set(match.page, has = new Set())
      match.terms.forEach(function (term) {
        words.forEach(function (word, i) { if (isFormOf(term, word)) has.add(i) })
      })
    })
    var counts = words.map(function () { return 0 })
    found.forEach(function (has) { has.forEach(function (i) { counts[i] += 1 }) })
    var weights = counts.map(function (count) {
      return count ? Math.log(1 + pages / count) : 0
    })
    var total = weights.reduce(function (sum, weight) { return sum + weight }, 0)
    var result = new Map()
    found.forEach(function (has, page) {
      var sum = 0
      has.forEach(function (i) { sum += weights[i] })
      result.set(page, total ? sum / total : 1)
    })
    return result
  }

  function startsWithAny(term, prefixes) {
    for (var i = 0; i < prefixes.length; i++)
      if (term.lastIndexOf(prefixes[i], 0) === 0) return true
    return false
  }

  root.HandbookSearch = {
    fold: fold,
    skeleton: skeleton,
    distance: distance,
    isStopWord: isStopWord,
    Vocabulary: Vocabulary,
    plan: plan,
    isFormOf: isFormOf,
    coverage: coverage,
    MIN_LENGTH: MIN_LENGTH
  }
})(self)
