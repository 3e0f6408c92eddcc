() => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const shown = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
    }
    return true;
  };
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  plots.forEach((plot, k) => {
    const box = plot.getBoundingClientRect();
    const name = (plot.closest('[data-testid="stPlotlyChart"]') || plot).getAttribute('data-testid') + '#' + k;
    if (box.right > vw + 1 || box.left < -1) problems.push(`chart ${k}: wider than the page (${Math.round(box.left)}..${Math.round(box.right)} of ${vw})`);
    const texts = [...plot.querySelectorAll('svg.main-svg text')]
      .filter(t => !t.closest('.hoverlayer') && !t.closest('.modebar') && t.textContent.trim() && shown(t))
      .map(t => [t, t.getBoundingClientRect()])
      .filter(([t, r]) => r.width > 0 && r.height > 0);
    for (const [t, r] of texts) {
      const label = t.textContent.trim();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push(`chart ${k}: "${label}" is cut by the chart's edge`);
      else if (r.left < -1 || r.right > vw + 1)
        problems.push(`chart ${k}: "${label}" runs off the page`);
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i][1], b = texts[j][1];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2)
          problems.push(`chart ${k}: "${texts[i][0].textContent.trim()}" overlaps "${texts[j][0].textContent.trim()}"`);
      }
    }
  });
  for (const h of document.querySelectorAll('h1, h2, h3, h4, [data-testid="stCaptionContainer"]')) {
    const r = h.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 1 || h.scrollWidth > h.clientWidth + 1))
      problems.push(`text "${h.textContent.trim().slice(0, 60)}" is wider than the page`);
  }
  return {charts: plots.length, problems};
}
