// Draws the enforcement dashboard from the figures the page embeds (no second request).
(function () {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const font = {fontFamily: getComputedStyle(document.body).fontFamily};
  const en = document.documentElement.lang === "en";
  const bars = (id, rows, color, unit) => echarts.init(document.getElementById(id)).setOption({
    textStyle: font, tooltip: {trigger: "axis"}, grid: {left: 40, right: 10, top: 20, bottom: 40},
    xAxis: {type: "category", data: rows.map((r) => r.label), axisLabel: {interval: 0, fontSize: 10, rotate: 30}},
    yAxis: {type: "value", minInterval: 1},
    series: [{type: "bar", data: rows.map((r) => r.count), itemStyle: {color}, label: {show: true, position: "top"}}]});
  bars("chart-notice", data.notice, "#3b6fd8");
  bars("chart-takedown", data.takedown, "#c8372d");
  echarts.init(document.getElementById("chart-states")).setOption({
    textStyle: font, tooltip: {trigger: "item"}, legend: {bottom: 0},
    series: [{type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: data.states, label: {formatter: "{c}"}}]});
  const days = Object.keys(data.days);
  echarts.init(document.getElementById("chart-months")).setOption({
    textStyle: font, tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 40, right: 10, top: 40, bottom: 30},
    xAxis: {type: "category", data: days}, yAxis: {type: "value", minInterval: 1},
    series: [{name: en ? "detected" : "立案", type: "bar", data: days.map((d) => data.days[d].detected || 0)},
             {name: en ? "closed" : "结案", type: "bar", data: days.map((d) => data.days[d].closed || 0), itemStyle: {color: "#52c41a"}}]});
  window.addEventListener("resize", () => document.querySelectorAll(".chart").forEach((el) => { const c = echarts.getInstanceByDom(el); if (c) c.resize(); }));
})();
