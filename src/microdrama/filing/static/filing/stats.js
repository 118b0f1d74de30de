// Draws the filing statistics from the figures the page embeds (no second request).
(function () {
  const figures = JSON.parse(document.getElementById("figures").textContent);
  const labels = JSON.parse(document.getElementById("labels").textContent);
  const font = {fontFamily: getComputedStyle(document.body).fontFamily};
  const months = Object.keys(figures.by_month);
  const series = ["received", "planning_passed", "online_passed"].map((key) => ({
    name: labels[key], type: "bar", data: months.map((m) => figures.by_month[m][key] || 0)}));
  echarts.init(document.getElementById("chart-month")).setOption({
    textStyle: font, tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 40, right: 10, bottom: 30, top: 40},
    xAxis: {type: "category", data: months}, yAxis: {type: "value", minInterval: 1}, series});
  const tiers = Object.entries(figures.by_tier).map(([tier, c]) => ({name: labels["tier_" + tier] || tier, value: c.received || 0}));
  echarts.init(document.getElementById("chart-tier")).setOption({
    textStyle: font, tooltip: {trigger: "item"}, legend: {bottom: 0},
    series: [{type: "pie", radius: ["40%", "70%"], data: tiers, label: {formatter: "{b}: {c}"}}]});
  const managers = Object.keys(figures.open_by_case_manager);
  echarts.init(document.getElementById("chart-manager")).setOption({
    textStyle: font, tooltip: {}, grid: {left: 80, right: 20, bottom: 20, top: 10},
    xAxis: {type: "value", minInterval: 1}, yAxis: {type: "category", data: managers},
    series: [{type: "bar", data: managers.map((m) => figures.open_by_case_manager[m]), itemStyle: {color: "#c8372d"}}]});
  window.addEventListener("resize", () => document.querySelectorAll(".chart").forEach((el) => echarts.getInstanceByDom(el).resize()));
})();
