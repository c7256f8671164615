import { render } from 'preact';
import '../../ui/page.css';
import { SidePanel } from '../../ui/SidePanel';

render(<SidePanel />, document.getElementById('app')!);
