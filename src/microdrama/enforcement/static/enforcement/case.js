// The alignment chart of a case: suspect time against registered time. Each matched segment is a
// line (its slope is the speed of the copy); the frame pairs used as evidence are dots.
(function () {
  const el = document.getElementById("chart-align");
  const data = JSON.parse(document.getElementById("chart-data").textContent || "{}");
  if (!el || !window.echarts || !data.segments || !data.segments.length) return;
  const font = {fontFamily: getComputedStyle(document.body).fontFamily};
  const lang = document.documentElement.lang === "en";
  const series = data.segments.map((s, i) => ({
    name: (lang ? "Segment " : "片段 ") + (i + 1), type: "line", showSymbol: false, lineStyle: {width: 4, color: "#c8372d"},
    data: [[s.query_start, s.ref_start], [s.query_end, s.ref_end]]}));
  const dots = data.segments.flatMap((s) => (s.evidence || []).map((e) => [e.query_time, e.ref_time, e.similarity]));
  series.push({name: lang ? "Frame pairs" : "画面对照", type: "scatter", symbolSize: 9, itemStyle: {color: "#3b6fd8"}, data: dots});
  const short = Math.max(data.duration || 0, data.ref_duration || 0) < 60;
  const fmt = (v) => {
    if (short) return `${(+v).toFixed(1)}s`;
    const m = Math.floor(v / 60), s = Math.floor(v % 60).toString().padStart(2, "0");
    return `${m}:${s}`;
  };
  echarts.init(el).setOption({
    textStyle: font, grid: {left: 60, right: 20, top: 30, bottom: 50},
    tooltip: {trigger: "item", formatter: (p) => `${p.seriesName}<br>${lang ? "suspect" : "疑似"} ${fmt(p.value[0])} ↔ ${lang ? "registered" : "原片"} ${fmt(p.value[1])}` + (p.value[2] != null ? `<br>${lang ? "similarity" : "相似度"} ${(+p.value[2]).toFixed(2)}` : "")},
    xAxis: {type: "value", name: lang ? "suspect (s)" : "疑似盗版（秒）", nameLocation: "middle", nameGap: 28, min: 0, max: Math.ceil(data.duration || 0) || null, axisLabel: {formatter: fmt}},
    yAxis: {type: "value", name: lang ? "registered (s)" : "登记原片（秒）", min: 0, max: Math.ceil(data.ref_duration || 0) || null, axisLabel: {formatter: fmt}},
    legend: {top: 0}, series});
  window.addEventListener("resize", () => echarts.getInstanceByDom(el).resize());
})();
