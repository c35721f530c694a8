// Live reverse auction: keeps the server-rendered page current from the
// server-sent event stream. The page is complete without this script.
(function () {
  "use strict";
  var box = document.getElementById("auction");
  if (!box || !window.EventSource) return;
  var closes = new Date(box.dataset.closes);
  var status = "bidding";
  // the platform clock decides; follow it, not the PC's clock
  var skew = new Date(box.dataset.now) - new Date();
  function yuan(s) {
    if (s === null || s === undefined) return "—";
    var parts = String(s).split(".");
    return "¥" + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + (parts[1] || "00");
  }
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  // seconds matter in a history where bids land within the same minute
  function shanghaiSeconds(d) {
    return shanghai(d) + ":" + pad(new Date(d.getTime() + 8 * 3600 * 1000).getUTCSeconds());
  }
  function shanghai(d) {
    var t = new Date(d.getTime() + 8 * 3600 * 1000);
    return t.getUTCFullYear() + "-" + pad(t.getUTCMonth() + 1) + "-" + pad(t.getUTCDate()) + " " + pad(t.getUTCHours()) + ":" + pad(t.getUTCMinutes());
  }
  function set(id, text) { var el = document.getElementById(id); if (el) el.textContent = text; }
  function tick() {
    var ms = closes - new Date() - skew;
    if (status !== "bidding" || ms <= 0) { set("time-left", box.dataset.lPassed); return; }
    var s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    var out = "";
    if (d > 0) out += d + box.dataset.lDays;
    if (d > 0 || h > 0) out += h + box.dataset.lHours;
    out += m + box.dataset.lMinutes + (d === 0 ? (s % 60) + box.dataset.lSeconds : "");
    set("time-left", out);
  }
  function apply(st) {
    set("best-price", yuan(st.best_price));
    set("bid-count", st.bids);
    set("extensions", st.extensions);
    if (st.closes_at) { closes = new Date(st.closes_at); set("closes-at", shanghai(closes)); }
    if (st.status) status = st.status;
  }
  function row(e) {
    var tr = document.createElement("tr");
    var heads = box.querySelectorAll("thead th");
    [e.seq, e.bidder, yuan(e.price), shanghaiSeconds(new Date(e.at))].forEach(function (v, i) {
      var td = document.createElement("td"); td.textContent = v;
      // phones stack the table; the header text labels each cell
      if (heads[i]) td.setAttribute("data-label", heads[i].textContent);
      if (i === 2) td.className = "num";
      tr.appendChild(td);
    });
    document.getElementById("history").appendChild(tr);
  }
  var es = new EventSource(box.dataset.stream);
  es.addEventListener("state", function (ev) {
    var st = JSON.parse(ev.data);
    apply(st);
    var h = document.getElementById("history");
    h.textContent = "";
    (st.history || []).forEach(row);
    if (st.my_bidder) set("my-label", st.my_bidder);
    box.setAttribute("data-connected", "1");
  });
  es.onerror = function () { box.removeAttribute("data-connected"); };
  es.addEventListener("bid", function (ev) {
    var e = JSON.parse(ev.data);
    apply(e);
    row(e);
    set("live", e.bidder + " " + yuan(e.price));
  });
  es.addEventListener("closed", function (ev) {
    apply(JSON.parse(ev.data));
    set("live", box.dataset.lClosed);
    es.close();
    tick();
  });
  tick();
  setInterval(tick, 1000);
})();
