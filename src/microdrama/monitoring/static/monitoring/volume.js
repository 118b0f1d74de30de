// The daily monitoring volume: candidates and suspected copies (bars), hours of video (line).
(function () {
  const el = document.getElementById("chart-volume");
  if (!el || !window.echarts) return;
  const rows = JSON.parse(document.getElementById("volume-data").textContent);
  const en = document.documentElement.lang === "en";
  echarts.init(el).setOption({
    textStyle: {fontFamily: getComputedStyle(document.body).fontFamily}, tooltip: {trigger: "axis"}, legend: {top: 0},
    grid: {left: 40, right: 50, top: 40, bottom: 30},
    xAxis: {type: "category", data: rows.map((r) => r.day)},
    yAxis: [{type: "value", minInterval: 1}, {type: "value", name: en ? "hours" : "小时", splitLine: {show: false}}],
    series: [
      {name: en ? "candidates" : "候选视频", type: "bar", data: rows.map((r) => r.candidates)},
      {name: en ? "suspected copies" : "疑似盗版", type: "bar", data: rows.map((r) => r.matched), itemStyle: {color: "#c8372d"}},
      {name: en ? "hours of video" : "视频时长", type: "line", yAxisIndex: 1, data: rows.map((r) => +(r.seconds / 3600).toFixed(2))}]});
  window.addEventListener("resize", () => echarts.getInstanceByDom(el).resize());
})();
