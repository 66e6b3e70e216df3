(function(){
  var box=document.getElementById('filter');
  var tables=document.querySelectorAll('table.filterable');
  function filter(){
    var q=box.value.trim().toLowerCase();
    tables.forEach(function(t){
      var rows=t.tBodies[0].rows,shown=0;
      for(var i=0;i<rows.length;i++){var hit=!q||rows[i].textContent.toLowerCase().indexOf(q)>=0;
        rows[i].hidden=!hit;if(hit)shown++;}
      var c=document.querySelector('[data-count-for="'+t.id+'"]');
      if(c)c.textContent=(t.id==='unit-table'?'单位 ':'表 ')+shown+' / '+rows.length;
    });
  }
  box.addEventListener('input',filter);filter();
  function key(row,i,num){var c=row.cells[i],s=c?c.textContent.trim():'';
    if(!num)return s;var v=parseFloat(s);return isNaN(v)?-Infinity:v;}
  document.querySelectorAll('table.sortable thead th').forEach(function(th){
    th.addEventListener('click',function(){
      var t=th.closest('table'),body=t.tBodies[0],num=th.dataset.type==='num',i=th.cellIndex;
      var up=th.getAttribute('aria-sort')!=='ascending';
      th.parentNode.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',up?'ascending':'descending');
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){var x=key(a,i,num),y=key(b,i,num);
        var d=num?x-y:String(x).localeCompare(String(y),'zh-CN');return up?d:-d;});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details').forEach(function(d){d.open=true;});});
})();
